/// What a handler knows about the invocation it serves.
public struct LambdaContext: Sendable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    public let requestID: String
    /// `Lambda-Runtime-Deadline-Ms`: when Lambda stops the invocation, in milliseconds since the Unix epoch.
    public let deadlineMilliseconds: Int64
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    public let invokedFunctionARN: String
    /// `Lambda-Runtime-Trace-Id`, also exported as `_X_AMZN_TRACE_ID` for the invocation.
    public let traceID: String?
    /// `Lambda-Runtime-Client-Context` (JSON, mobile SDK invocations only).
    public let clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity` (JSON, mobile SDK invocations only).
    public let cognitoIdentity: String?
    /// Name, version, memory and log destinations of the function.
    public let function: FunctionMetadata
    /// A logger that tags every line with this invocation's request id.
    public let logger: LambdaLogger

    public init(
        requestID: String, deadlineMilliseconds: Int64, invokedFunctionARN: String, traceID: String? = nil,
        clientContext: String? = nil, cognitoIdentity: String? = nil, function: FunctionMetadata,
        logger: LambdaLogger
    ) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.function = function
        var logger = logger
        logger.requestID = requestID
        self.logger = logger
    }

    /// Time left before the deadline (zero once it has passed).
    public var remainingTime: Duration {
        .milliseconds(max(0, deadlineMilliseconds - UTCTimestamp.nowMilliseconds()))
    }
}

/// The function's identity, from the environment Lambda sets.
public struct FunctionMetadata: Sendable, Equatable {
    public var name: String
    public var version: String
    public var memoryLimitMB: Int
    public var logGroupName: String
    public var logStreamName: String

    public init(environment: LambdaEnvironment) {
        name = environment["AWS_LAMBDA_FUNCTION_NAME"] ?? "local"
        version = environment["AWS_LAMBDA_FUNCTION_VERSION"] ?? "$LATEST"
        memoryLimitMB = environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"].flatMap { Int($0) } ?? 128
        logGroupName = environment["AWS_LAMBDA_LOG_GROUP_NAME"] ?? ""
        logStreamName = environment["AWS_LAMBDA_LOG_STREAM_NAME"] ?? ""
    }
}

/// What initialisation code gets: the environment, a logger and the function's identity.
public struct LambdaInitContext: Sendable {
    public let environment: LambdaEnvironment
    public let logger: LambdaLogger
    public let function: FunctionMetadata
}
