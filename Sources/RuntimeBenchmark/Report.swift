import Foundation

/// The benchmark's table: one row per figure, one column per runtime, each value with its ratio to the first.
struct Report {
    let results: [(String, RuntimeFigures)]
    let invocations: Int
    let coldStarts: Int
    let idleSeconds: Double

    var text: String {
        let rows: [(String, (RuntimeFigures) -> Double?, String)] = [
            ("exec → first /next, median (ms)", { $0.execToFirstNext.median }, "%.2f"),
            ("exec → first response, median (ms)", { $0.execToFirstResponse.median }, "%.2f"),
            ("warm round trip, median (µs)", { $0.warm.median }, "%.1f"),
            ("warm round trip, p99 (µs)", { $0.warm.percentile(99) }, "%.1f"),
            ("client CPU per warm invocation (µs)", { Double($0.warmCPUNanoseconds) / 1e3 / Double(max(1, $0.warmInvocations)) }, "%.1f"),
            ("warm round trip, streamed in 3 chunks, median (µs)", { $0.streams ? $0.streamed.median : nil }, "%.1f"),
            ("warm round trip, streamed in 3 chunks, p99 (µs)", { $0.streams ? $0.streamed.percentile(99) : nil }, "%.1f"),
            ("client CPU per streamed invocation (µs)", { $0.streams ? Double($0.streamedCPUNanoseconds) / 1e3 / Double(max(1, $0.streamedInvocations)) : nil }, "%.1f"),
            ("idle CPU on /next, fresh connection (s / \(String(format: "%g", idleSeconds)) s)", { $0.idleFreshConnection }, "%.4f"),
            ("idle CPU on /next, after an invocation (s / \(String(format: "%g", idleSeconds)) s)", { $0.idleAfterInvocation }, "%.4f"),
            ("max RSS (MB)", { Double($0.maxResidentBytes) / 1_048_576 }, "%.1f"),
            ("stripped binary (MB)", { $0.binaryBytes.map { Double($0) / 1_048_576 } }, "%.2f"),
        ]
        let floor = results[0].1
        var lines = ["", "Runtime benchmark: \(coldStarts) cold starts, \(invocations) warm invocations; ratio to \(results[0].0) in brackets", ""]
        let header = ["figure"] + results.map(\.0)
        var table: [[String]] = [header]
        for (label, figure, format) in rows {
            var row = [label]
            for (_, figures) in results {
                guard let value = figure(figures) else {
                    row.append("n/a")
                    continue
                }
                let ratio = figure(floor).map { $0 > 0 ? String(format: " (%.2f×)", value / $0) : "" } ?? ""
                row.append(String(format: format, value) + ratio)
            }
            table.append(row)
        }
        let widths = (0..<header.count).map { column in table.map { $0[column].count }.max()! }
        for (index, row) in table.enumerated() {
            lines.append("| " + row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |")
            if index == 0 { lines.append("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|") }
        }
        return lines.joined(separator: "\n")
    }
}
