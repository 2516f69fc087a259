import EventSourcingLocalEnvironment
import Foundation

/// A `ConsoleLog` that writes to a temporary file, so that a test can read what the components logged.
final class ConsoleCapture: Sendable {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("console-\(UUID().uuidString).log")
    let log: ConsoleLog
    private let descriptor: Int32

    init() {
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        log = ConsoleLog(descriptor: descriptor)
    }

    deinit {
        close(descriptor)
        try? FileManager.default.removeItem(at: url)
    }

    /// Everything logged so far, line by line.
    var lines: [String] {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Waits (up to `timeout` seconds) until a logged line contains `text`.
    func waitFor(_ text: String, timeout: Double = 10) async -> Bool {
        let end = Date(timeIntervalSinceNow: timeout)
        while Date() < end {
            if lines.contains(where: { $0.contains(text) }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
