import Foundation
import NIOCore
import TestSupport
import Testing

@testable import WebApp

@Suite("Cached reads")
struct ResponseCacheTests {
    @Test func aBodyIsServedOnlyForTheGenerationItWasReadIn() {
        let cache = ResponseCache()
        let before = cache.generation
        cache.store(ByteBuffer(string: "old"), for: "k", generation: before)
        #expect(cache.body(for: "k", generation: before) == ByteBuffer(string: "old"))
        cache.invalidate()
        #expect(cache.body(for: "k", generation: cache.generation) == nil)
        cache.store(ByteBuffer(string: "read before the write"), for: "k", generation: before)
        #expect(
            cache.body(for: "k", generation: cache.generation) == nil, "a read that started before a write is not kept")
    }

    @Test func theCacheStartsOverBeyondItsCapacity() {
        let cache = ResponseCache(capacity: 10)
        cache.store(ByteBuffer(string: "123456"), for: "a", generation: 0)
        cache.store(ByteBuffer(string: "123456"), for: "b", generation: 0)
        #expect(cache.body(for: "a", generation: 0) == nil && cache.body(for: "b", generation: 0) != nil)
    }

    @Test(.tags(.db), arguments: TestDatabase.enabled)
    func writesThroughTheAPIAndAppliedChangesShowAtOnce(_ database: TestDatabase) async throws {
        try await withTestApp(database: database) { app in
            let bench = try await ServiceWorkbench(app)
            try await bench.createService("web")
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-list").array.count == 1)
            try await bench.createService("api")
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-list").array.count == 2)
            #expect(try await bench.details("web")["image"] is NSNull)
            try await applyPendingChanges(app, bench, "web")
            #expect(try await bench.details("web")["image"] as? String == "nginx:alpine")
            let renamed = try await bench.client.send(.PUT, "/api/projects/shop", json: #"{"slug": "store"}"#)
            #expect(renamed.status == .ok)
            #expect(try await bench.client.send(.GET, "\(bench.base)/service-details/web").status == .notFound)
        }
    }
}
