import Testing

@testable import Domain

@Suite("Image references")
struct ImageReferenceTests {
    @Test(arguments: [
        "nginx", "nginx:alpine", "library/nginx:1.27", "ghcr.io/org/app:v1.2.3", "localhost:5000/app",
        "my-registry.example.com:443/a/b/c:tag",
        "busybox@sha256:" + String(repeating: "a", count: 64), "zane/test_image__x:latest", "a.b-c/d",
    ])
    func wellFormedReferencesAreAccepted(_ text: String) {
        #expect(ImageReference(text) != nil)
    }

    @Test(arguments: [
        "", "Nginx", "nginx:", ":tag", "nginx:-bad", "nginx latest", "nginx@sha256:xyz", "a//b", "-a", "a-",
        "ghcr.io:99999/x",
        "a;rm -rf /", "$(id)", String(repeating: "a", count: 300),
    ])
    func malformedReferencesAreRefused(_ text: String) {
        #expect(ImageReference(text) == nil)
    }

    @Test func repositoryAndTagSplitAtTheTagColonOnly() throws {
        let withPort = try #require(ImageReference("localhost:5000/app"))
        #expect(withPort.repository == "localhost:5000/app" && withPort.displayTag == "latest")
        let tagged = try #require(ImageReference("ghcr.io/org/app:v2"))
        #expect(tagged.repository == "ghcr.io/org/app" && tagged.tag == "v2")
    }
}
