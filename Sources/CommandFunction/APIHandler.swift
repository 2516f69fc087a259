import AccountsAPI
import DynamoDBClient
import Foundation
import LambdaEvents
import LambdaRuntime

/// API Gateway events (HTTP API 2.0 or REST 1.0) → the accounts API → the response in the event's own format.
struct APIHandler: LambdaHandler {
    let service: AccountsService

    /// Enough of an event to tell the two formats apart.
    private struct Format: Decodable {
        var version: String?
        var httpMethod: String?
    }

    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let data = Data(event)
        let format: Format
        do {
            format = try JSONDecoder().decode(Format.self, from: data)
        } catch {
            throw InvocationError.invalidEvent("not an API Gateway event")
        }
        let started = ContinuousClock.now
        let request: HTTPRequest
        do {
            request = format.version == "2.0"
                ? try HTTPRequest(JSONDecoder().decode(APIGatewayV2Request.self, from: data))
                : try HTTPRequest(JSONDecoder().decode(APIGatewayRequest.self, from: data))
        } catch let error as APIError {
            return try encode(HTTPResponse(error), restAPI: format.version != "2.0")
        } catch {
            throw InvocationError.invalidEvent("not an API Gateway \(format.version == "2.0" ? "HTTP API 2.0" : "REST 1.0") event")
        }
        // Leave half a second to answer, whatever DynamoDB does.
        let deadline = ContinuousClock.now + context.remainingTime - .milliseconds(500)
        let response = await DynamoDBClient.$deadline.withValue(deadline) { await service.respond(to: request) }
        let elapsed = started.duration(to: .now).components
        let milliseconds = elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
        var metadata = ["status": String(response.status), "latencyMs": String(milliseconds), "apiRequestId": request.requestID]
        if let cause = response.cause { metadata["cause"] = cause }
        context.logger.log(response.status >= 500 ? .error : .info, "\(request.method) \(request.path) → \(response.status)", metadata: metadata)
        return try encode(response, restAPI: request.format == .restAPI)
    }

    private func encode(_ response: HTTPResponse, restAPI: Bool) throws -> [UInt8] {
        Array(restAPI ? try JSONEncoder().encode(response.apiGatewayV1) : try JSONEncoder().encode(response.apiGatewayV2))
    }
}
