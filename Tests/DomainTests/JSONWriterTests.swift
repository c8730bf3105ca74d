import Foundation
import Testing

@testable import Domain

@Suite("JSON writer")
struct JSONWriterTests {
    func render(_ value: some JSONWritable) -> String {
        var writer = JSONWriter()
        value.write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func writesNestedValuesInOrderWithNulls() {
        let value = JSONObject(["a": 1, "b": [true, false], "c": JSONObject(["d": JSONNull()]), "e": [String]()])
        #expect(render(value) == #"{"a":1,"b":[true,false],"c":{"d":null},"e":[]}"#)
        var writer = JSONWriter()
        writer.object { object in
            object.field("none", String?.none)
            object.field("some", String?.some("x"))
        }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"none":null,"some":"x"}"#)
    }

    @Test func escapesWhatJSONRequiresAndKeepsUnicode() throws {
        let text = "quote\" back\\ nl\n tab\t bell\u{7} é 🚀 </script>"
        let json = render([text])
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
        #expect(parsed == [text])
        #expect(json.contains("\\u0007") && json.contains("é"))
    }
}
