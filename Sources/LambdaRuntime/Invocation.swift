import EventSourcingLoopbackHTTP

/// One event handed out by `GET /runtime/invocation/next`.
struct Invocation: Sendable {
    var requestID: String
    var deadlineMilliseconds: Int64
    var invokedFunctionARN: String
    var traceID: String?
    var clientContext: String?
    var cognitoIdentity: String?
    /// `Lambda-Runtime-Aws-Tenant-Id`, sent only to tenant-isolated functions.
    var tenantID: String?
    var event: [UInt8]

    /// Reads the invocation from the `/next` response (one pass over its headers); only the request id is required.
    init(response: HTTPMessage) throws(RuntimeAPIError) {
        var requestID: String?, deadline: String?, arn: String?
        for field in response.headers {
            let name = field.name
            guard name.utf8.count > 15, name.hasCaseInsensitivePrefix("Lambda-Runtime-") else { continue }
            if name.caseInsensitiveEquals("Lambda-Runtime-Aws-Request-Id") { requestID = field.value }
            else if name.caseInsensitiveEquals("Lambda-Runtime-Deadline-Ms") { deadline = field.value }
            else if name.caseInsensitiveEquals("Lambda-Runtime-Invoked-Function-Arn") { arn = field.value }
            else if name.caseInsensitiveEquals("Lambda-Runtime-Trace-Id") { traceID = field.value }
            else if name.caseInsensitiveEquals("Lambda-Runtime-Client-Context") { clientContext = field.value }
            else if name.caseInsensitiveEquals("Lambda-Runtime-Cognito-Identity") { cognitoIdentity = field.value }
            else if name.caseInsensitiveEquals("Lambda-Runtime-Aws-Tenant-Id") { tenantID = field.value }
        }
        guard let requestID, !requestID.isEmpty else {
            throw .malformedResponse("/next answered without Lambda-Runtime-Aws-Request-Id")
        }
        self.requestID = requestID
        // Without a deadline header, assume Lambda's maximum timeout of 15 minutes.
        self.deadlineMilliseconds = deadline.flatMap { Int64($0) } ?? UTCTimestamp.nowMilliseconds() + 900_000
        self.invokedFunctionARN = arn ?? ""
        self.event = response.body
    }
}
