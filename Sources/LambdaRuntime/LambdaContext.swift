/// What a handler knows about the invocation it serves.
public struct LambdaContext: Sendable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    public let requestID: String
    /// `Lambda-Runtime-Deadline-Ms`: when Lambda stops the invocation, in milliseconds since the Unix epoch.
    public let deadlineMilliseconds: Int64
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    public let invokedFunctionARN: String
    /// `Lambda-Runtime-Trace-Id`. With one loop it is also exported as `_X_AMZN_TRACE_ID` for the invocation; with
    /// several (`AWS_LAMBDA_MAX_CONCURRENCY`) the process environment is shared, so it is here only.
    public let traceID: String?
    /// `Lambda-Runtime-Client-Context` (JSON, mobile SDK invocations only).
    public let clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity` (JSON, mobile SDK invocations only).
    public let cognitoIdentity: String?
    /// `Lambda-Runtime-Aws-Tenant-Id`: the tenant this invocation serves, for a tenant-isolated function; nil otherwise.
    public let tenantID: String?
    /// Name, version, memory and log destinations of the function.
    public let function: FunctionMetadata
    /// A logger that tags every line with this invocation's request id (and tenant id).
    public let logger: LambdaLogger
    /// Where `afterResponse` puts work, and the invocation it is for.
    let deferredWork: DeferredWork
    let invocationNumber: UInt64

    /// A context for `requestID`. One made here (to call a handler outside the runtime, say) has work registered with
    /// `afterResponse` kept, never run.
    public init(
        requestID: String, deadlineMilliseconds: Int64, invokedFunctionARN: String, traceID: String? = nil,
        clientContext: String? = nil, cognitoIdentity: String? = nil, tenantID: String? = nil,
        function: FunctionMetadata, logger: LambdaLogger
    ) {
        self.init(
            requestID: requestID, deadlineMilliseconds: deadlineMilliseconds, invokedFunctionARN: invokedFunctionARN,
            traceID: traceID, clientContext: clientContext, cognitoIdentity: cognitoIdentity, tenantID: tenantID,
            function: function, logger: logger, deferredWork: DeferredWork(), invocationNumber: 0)
    }

    init(
        requestID: String, deadlineMilliseconds: Int64, invokedFunctionARN: String, traceID: String?,
        clientContext: String?, cognitoIdentity: String?, tenantID: String?, function: FunctionMetadata,
        logger: LambdaLogger, deferredWork: DeferredWork, invocationNumber: UInt64
    ) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantID = tenantID
        self.function = function
        var logger = logger
        logger.requestID = requestID
        logger.tenantID = tenantID
        self.logger = logger
        self.deferredWork = deferredWork
        self.invocationNumber = invocationNumber
    }

    /// Runs `work` after this invocation's answer is posted and before the runtime asks for the next event: the
    /// caller has its answer and need not wait for what does not change it (a snapshot, a cache, a metric).
    ///
    /// Work runs in the order registered, one piece after another, after a response and after an error alike;
    /// work may register more. What it throws is logged with the request id, never reported as the invocation's
    /// error (its answer is gone already). Lambda counts the time in the invocation's duration, and its timeout
    /// still applies. Work registered once the invocation is over (by a copy of the context kept for later) is not
    /// run; that is logged.
    public func afterResponse(_ work: @escaping @Sendable () async throws -> Void) {
        if !deferredWork.add(work, for: invocationNumber) {
            logger.error("work registered with afterResponse after its invocation ended is not run")
        }
    }

    /// Time left before the deadline (zero once it has passed).
    public var remainingTime: Duration {
        .milliseconds(max(0, deadlineMilliseconds - UTCTimestamp.nowMilliseconds()))
    }
}

/// The function's identity, from the environment Lambda sets.
public struct FunctionMetadata: Sendable, Equatable {
    /// `AWS_LAMBDA_FUNCTION_NAME`; `local` when unset.
    public var name: String
    /// `AWS_LAMBDA_FUNCTION_VERSION`; `$LATEST` when unset.
    public var version: String
    /// `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, in megabytes; 128 when unset or not a number.
    public var memoryLimitMB: Int
    /// `AWS_LAMBDA_LOG_GROUP_NAME`; empty when unset.
    public var logGroupName: String
    /// `AWS_LAMBDA_LOG_STREAM_NAME`; empty when unset.
    public var logStreamName: String

    /// The identity `environment` gives, with the defaults above for what it leaves unset.
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
    /// The function's configuration.
    public let environment: LambdaEnvironment
    /// A logger for initialisation (its lines carry no request id).
    public let logger: LambdaLogger
    /// Name, version, memory and log destinations of the function.
    public let function: FunctionMetadata

    /// Runs `hook` when Lambda is about to shut the sandbox down: it sends SIGTERM first (when extensions are
    /// registered), then SIGKILL soon after. Hooks run one after another, whatever an invocation is doing, for at
    /// most 300 ms in all; then SIGTERM ends the process as it would have without them.
    /// What a hook throws is logged.
    public func onTermination(_ hook: @escaping @Sendable () async throws -> Void) {
        TerminationHooks.shared.add(hook, logger: logger)
    }
}
