import LoopbackHTTP

/// One event handed out by `GET /runtime/invocation/next`.
struct Invocation: Sendable {
    var requestID: String
    var deadlineMilliseconds: Int64
    var invokedFunctionARN: String
    var traceID: String?
    var clientContext: String?
    var cognitoIdentity: String?
    var event: [UInt8]

    /// Reads the invocation from the `/next` response; only the request id is required.
    init(response: HTTPMessage) throws(RuntimeAPIError) {
        let headers = response.headers
        guard let requestID = headers["Lambda-Runtime-Aws-Request-Id"], !requestID.isEmpty else {
            throw .malformedResponse("/next answered without Lambda-Runtime-Aws-Request-Id")
        }
        self.requestID = requestID
        // Without a deadline header, assume Lambda's maximum timeout of 15 minutes.
        self.deadlineMilliseconds = headers["Lambda-Runtime-Deadline-Ms"].flatMap { Int64($0) }
            ?? UTCTimestamp.nowMilliseconds() + 900_000
        self.invokedFunctionARN = headers["Lambda-Runtime-Invoked-Function-Arn"] ?? ""
        self.traceID = headers["Lambda-Runtime-Trace-Id"]
        self.clientContext = headers["Lambda-Runtime-Client-Context"]
        self.cognitoIdentity = headers["Lambda-Runtime-Cognito-Identity"]
        self.event = response.body
    }
}
