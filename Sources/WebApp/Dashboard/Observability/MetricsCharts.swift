import Domain
import Foundation
import Vapor

/// Resource use over a time range as small SVG line charts: CPU, memory, network and disk.
enum MetricsCharts {
    static func render(
        _ request: Request, _ metrics: any MetricsRepository, serviceID: String, deploymentHash: String?,
        action: String
    ) async throws -> HTML {
        let range =
            request.query[String.self, at: "time_range"].flatMap(MetricsTimeRange.init(rawValue:)) ?? .lastHour
        let buckets = try await MetricsController.buckets(
            metrics, serviceID: serviceID, deploymentHash: deploymentHash, range: range)
        let labels: [(MetricsTimeRange, String)] = [
            (.lastHour, "Last hour"), (.lastSixHours, "6 hours"), (.lastDay, "Day"), (.lastWeek, "Week"),
            (.lastMonth, "Month"),
        ]
        let ranges: [HTML] = labels.map { item, label in
            let href = "\(action)?time_range=\(item.rawValue)"
            return HTML.navigationLink(label, href: href, current: item == range)
        }
        let charts: HTML =
            buckets.isEmpty
            ? "<p class=\"empty\">No measure in this range yet: Zane samples running containers every few seconds.</p>"
            : """
            <div class="charts">
            \(chart("CPU", buckets.map(\.averageCPU), unit: { String(format: "%.1f %%", $0) }))
            \(chart("Memory", buckets.map(\.averageMemory), unit: bytes))
            \(chart("Network in + out", buckets.map { Double($0.totalNetworkReceived + $0.totalNetworkSent) }, unit: bytes))
            \(chart("Disk read + written", buckets.map { Double($0.totalDiskRead + $0.totalDiskWritten) }, unit: bytes))
            </div>
            """
        return """
            <section class="card" aria-labelledby="metrics-title">
            <div class="page-head"><h2 id="metrics-title">Metrics</h2><nav class="tabs" aria-label="Time range">\(ranges)</nav></div>
            \(charts)
            </section>
            """
    }

    /// One series as a line, scaled to its own maximum, with that maximum and the latest value in words.
    static func chart(_ title: String, _ values: [Double], unit: (Double) -> String) -> HTML {
        let width = 300.0
        let height = 80.0
        let top = max(values.max() ?? 0, 0.000_001)
        let step = values.count > 1 ? width / Double(values.count - 1) : 0
        let points = values.enumerated().map { index, value in
            String(format: "%.1f,%.1f", Double(index) * step, height - value / top * (height - 4) - 2)
        }.joined(separator: " ")
        let latest = values.last.map(unit) ?? ""
        return """
            <figure class="chart">
            <figcaption><span>\(title)</span> <span class="muted small">now \(latest) · peak \(unit(top))</span></figcaption>
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" preserveAspectRatio="none" role="img" aria-label="\(title), peak \(unit(top))"><polyline points="\(points)"/></svg>
            </figure>
            """
    }

    static func bytes(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = value
        var index = 0
        while value >= 1024, index < units.count - 1 {
            value /= 1024
            index += 1
        }
        return String(format: index == 0 ? "%.0f" : "%.1f", value) + " " + units[index]
    }
}
