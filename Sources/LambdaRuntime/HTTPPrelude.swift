/// What a function URL needs before a streamed HTTP body: the status, headers and cookies, as JSON, then 8 NUL bytes.
struct HTTPPrelude {
    static let contentType = "application/vnd.awslambda.http-integration-response"

    var statusCode: Int
    var headers: [String: String]
    var cookies: [String]

    /// `{"statusCode":…,"headers":{…},"cookies":[…]}` and the 8 NUL bytes that end it.
    var bytes: [UInt8] {
        var json = #"{"statusCode":\#(statusCode),"headers":{"#
        for (index, name) in headers.keys.sorted().enumerated() {
            json += (index > 0 ? "," : "") + #""\#(JSONText.escape(name))":"\#(JSONText.escape(headers[name]!))""#
        }
        json += #"},"cookies":["# + cookies.map { #""\#(JSONText.escape($0))""# }.joined(separator: ",") + "]}"
        return Array(json.utf8) + [UInt8](repeating: 0, count: 8)
    }
}
