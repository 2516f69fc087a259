import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `URLSession` (libcurl on Linux) with keep-alive connections and no caching, cookies or credentials of its own:
/// the transport for HTTPS endpoints.
///
/// libcurl keeps the connection in its pool between requests (up to `CURLOPT_MAXAGE_CONN`, 118 s idle by default)
/// and, when a reused connection turns out dead before any byte of the answer, sends the request again on a fresh one
/// by itself, once.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    /// A session whose requests time out after `timeout` (each request may ask for less).
    public init(timeout: Duration = .seconds(5), maximumConnectionsPerHost: Int = 16) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.seconds
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.urlCredentialStorage = nil
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: HTTPTransportRequest) async throws(HTTPTransportError) -> HTTPTransportResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = Data(request.body)
        urlRequest.timeoutInterval = request.timeout.seconds
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else { throw HTTPTransportError.failed("the answer is not HTTP") }
            return HTTPTransportResponse(status: http.statusCode, body: Array(data))
        } catch let error as URLError where error.code == .timedOut {
            throw .timedOut
        } catch let error as URLError {
            throw .failed("\(error.code) (\(error.localizedDescription))")
        } catch let error as HTTPTransportError {
            throw error
        } catch {
            throw .failed(String(describing: error))
        }
    }
}
