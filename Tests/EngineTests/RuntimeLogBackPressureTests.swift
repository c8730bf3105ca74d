import DockerEngine
import Domain
import Logging
import Testing

@testable import Engine

/// A container printing faster than lines are stored: the lines waiting stay bounded, the reading waits,
/// and once writes succeed every line is stored, in order, once.
@Suite("Runtime log back-pressure")
struct RuntimeLogBackPressureTests {
    @Test func readingWaitsForRoomAndNothingIsLost() async throws {
        let store = GatedLogStore()
        let collector = RuntimeLogCollector(
            docker: DockerEngineClient(socketPath: "/nonexistent"), logs: store, instance: "test", retentionDays: 14,
            logger: Logger(label: "test"))
        let source = RuntimeLogCollector.Source(container: "c1", deploymentHash: "dpl", serviceID: "srv")
        let chunks = 200
        let chunkSize = 1000
        let reader = Task {
            for chunk in 0..<chunks {
                let lines = (0..<chunkSize).map { index in
                    let number = chunk * chunkSize + index
                    return DockerEngineClient.LogLine(
                        stream: .stdout, timestamp: Int64(number + 1), text: "line \(number)")
                }
                await collector.take(lines, of: source)
            }
        }
        // Writes fail: the reader fills the room and waits (polled: a loaded machine takes longer than a fixed pause).
        for _ in 0..<200 {
            if await collector.pending.count >= RuntimeLogCollector.maxPending { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(100))
        await #expect(throws: GatedLogStore.Closed.self, "a failed write keeps its lines waiting") {
            try await collector.writePending()
        }
        let waiting = await collector.pending.count
        #expect(
            waiting >= RuntimeLogCollector.maxPending && waiting <= RuntimeLogCollector.maxPending + chunkSize,
            "\(waiting) lines waiting")
        // Writes succeed: the reader goes on until every line is stored.
        await store.open()
        while await store.count < chunks * chunkSize {
            _ = try await collector.writePending()
            await Task.yield()
        }
        await reader.value
        let stored = await store.contents
        #expect(stored == (0..<(chunks * chunkSize)).map { "line \($0)" })
    }
}

/// Refuses writes until opened.
actor GatedLogStore: DeploymentLogRepository {
    var isOpen = false
    var contents: [String] = []
    var count: Int { contents.count }

    func open() { isOpen = true }

    struct Closed: Error {}

    func append(_ lines: [DeploymentLogLine]) async throws {
        guard isOpen else { throw Closed() }
        contents += lines.map(\.content)
    }

    func lines(deploymentHash: String, filter: LogFilter, from cursor: LogCursor?, limit: Int) async throws
        -> [DeploymentLogLine]
    { [] }
    func linesStored(
        after position: Int64?, deploymentHash: String, filter: LogFilter, limit: Int
    ) async throws -> (lines: [(position: Int64, line: DeploymentLogLine)], resumeAt: Int64) { ([], 0) }
    func latestTimestamp(containerID: String) async throws -> Int64? { nil }
    func indexForSearch(limit: Int) async throws -> Int { 0 }
    func applyRetention(olderThan: Int64, maxBytes: Int64) async throws -> Int { 0 }
    func storedServiceIDs() async throws -> Set<String> { [] }
    func deleteLines(serviceID: String) async throws -> Int { 0 }
}
