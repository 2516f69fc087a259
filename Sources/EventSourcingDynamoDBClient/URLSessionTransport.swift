// Left out of builds made with -DDYNAMODB_CURL_TRANSPORT, so that nothing links Foundation (and ICU) into them.
#if !DYNAMODB_CURL_TRANSPORT
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// `URLSession` (libcurl on Linux) with keep-alive connections and no caching, cookies or credentials of its own:
/// the transport for HTTPS endpoints.
///
/// libcurl keeps connections in its pool between requests (for up to 118 s idle, `CURLOPT_MAXAGE_CONN`), drops one
/// whose peer has closed it before using it again, and, when a reused connection breaks before any byte of the
/// answer, opens a fresh one to send the request again. It must then rewind the body, which URLSession on Linux
/// cannot do for a `Data` body: the body is never sent again and the request hangs until its timeout. This transport
/// watches for that rewind (URLSession asks its delegate for a new body stream), cancels the stuck request and sends
/// it again itself at once, once, on a fresh connection.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let watch: DeadConnectionWatch

    /// A session whose requests time out after `timeout` (each request may ask for less).
    public init(timeout: Duration = .seconds(5), maximumConnectionsPerHost: Int = 16) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.seconds
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.urlCredentialStorage = nil
        watch = DeadConnectionWatch()
        session = URLSession(configuration: configuration, delegate: watch, delegateQueue: nil)
    }

    public func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = Data(request.body)
        urlRequest.timeoutInterval = request.timeout.seconds
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let first = await exchange(urlRequest)
        guard case .connectionDied = first else { return try first.get() }
        return try await exchange(urlRequest).get()
    }

    private enum Outcome: Sendable {
        case answered(HTTPTransportResponse)
        /// libcurl found its kept connection dead and began sending the request again: it was cancelled.
        case connectionDied
        case failed(HTTPTransportError)

        func get() throws(HTTPTransportError) -> HTTPTransportResponse {
            switch self {
            case .answered(let response): return response
            case .connectionDied: throw .failed("the connection broke before any answer, on a fresh connection too")
            case .failed(let error): throw error
            }
        }
    }

    private func exchange(_ request: URLRequest) async -> Outcome {
        let started = Mutex<URLSessionDataTask?>(nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let task = session.dataTask(with: request) { [watch] data, response, error in
                    let died = started.withLock { $0.map { watch.finish($0.taskIdentifier) } ?? false }
                    continuation.resume(returning: Self.outcome(data, response, error, connectionDied: died))
                }
                watch.start(task.taskIdentifier)
                started.withLock { $0 = task }
                task.resume()
            }
        } onCancel: {
            started.withLock { $0?.cancel() }
        }
    }

    private static func outcome(_ data: Data?, _ response: URLResponse?, _ error: (any Error)?, connectionDied: Bool) -> Outcome {
        if connectionDied { return .connectionDied }
        if let error = error as? URLError {
            return .failed(error.code == .timedOut ? .timedOut : .failed("\(error.code) (\(error.localizedDescription))"))
        }
        if let error { return .failed(.failed(String(describing: error))) }
        guard let http = response as? HTTPURLResponse else { return .failed(.failed("the answer is not HTTP")) }
        return .answered(HTTPTransportResponse(status: http.statusCode, body: Array(data ?? Data())))
    }
}

/// The session's delegate: URLSession asks it for a new body stream exactly when libcurl rewinds a request to send it
/// again on a fresh connection. It gives none (a `Data` body cannot be given again), notes the task and cancels it.
private final class DeadConnectionWatch: NSObject, URLSessionTaskDelegate, Sendable {
    /// Tasks in flight, and whether their connection died.
    private let tasks = Mutex<[Int: Bool]>([:])

    func start(_ task: Int) {
        tasks.withLock { $0[task] = false }
    }

    /// Forgets `task`; true when its connection died.
    func finish(_ task: Int) -> Bool {
        tasks.withLock { $0.removeValue(forKey: task) } ?? false
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, needNewBodyStream completionHandler: @escaping (InputStream?) -> Void) {
        tasks.withLock { $0[task.taskIdentifier] = true }
        completionHandler(nil)
        DispatchQueue.global().async { task.cancel() }
    }
}
#endif
