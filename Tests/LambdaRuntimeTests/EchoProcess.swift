import EventSourcingLocalRuntimeAPI
import EventSourcingTestSupport
import Foundation

/// The built `EchoFunction` as a child process under a fresh local Runtime API, with `extra` in its environment.
func startEcho(
    _ extra: [String: String] = [:], server configuration: RuntimeAPIServer.Configuration = .init()
) throws -> (RuntimeAPIServer, ChildFunction) {
    let server = try RuntimeAPIServer(configuration)
    var environment = ["AWS_LAMBDA_RUNTIME_API": server.endpoint, "AWS_LAMBDA_FUNCTION_NAME": "echo"]
    environment.merge(extra) { $1 }
    return (server, try ChildFunction(product: "EchoFunction", environment: environment))
}

extension ChildFunction {
    /// The JSON objects among the lines written to stderr so far.
    var jsonLogLines: [[String: Any]] {
        stderr.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The JSON log lines whose message is `message`, once there are `count` of them (stderr is read as it comes,
    /// so a line written before an answer may be read after it), or what there is after 5 s.
    func jsonLogLines(saying message: String, count: Int = 1) async -> [[String: Any]] {
        let end = ContinuousClock.now + .seconds(5)
        while true {
            let lines = jsonLogLines.filter { $0["message"] as? String == message }
            if lines.count >= count || ContinuousClock.now > end { return lines }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// True once stderr holds `text`; false if it does not within 5 s.
    func waitForStderr(containing text: String) async -> Bool {
        let end = ContinuousClock.now + .seconds(5)
        while !stderr.contains(text) {
            if ContinuousClock.now > end { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}

/// A JSON object's text as a dictionary (empty when it is not one).
func jsonObject(_ bytes: [UInt8]?) -> [String: Any] {
    guard let bytes else { return [:] }
    return (try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]) ?? [:]
}
