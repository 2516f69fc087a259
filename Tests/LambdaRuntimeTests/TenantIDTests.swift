import EventSourcingLocalRuntimeAPI
import Foundation
import LambdaRuntime
import Testing

@Suite("Tenant isolation: Lambda-Runtime-Aws-Tenant-Id")
struct TenantIDTests {
    @Test("the tenant id reaches the context and every JSON log line of its invocation; without one, neither has it")
    func tenantInContextAndLogs() async throws {
        let (server, child) = try startEcho(["AWS_LAMBDA_LOG_FORMAT": "JSON"])
        defer { child.terminate() }
        let event = Array(#"{"context": true}"#.utf8)
        let withTenant = jsonObject(await server.invoke(event, tenantID: "tenant-7", requestID: "with-tenant").responseBody)
        let without = jsonObject(await server.invoke(event, requestID: "without-tenant").responseBody)
        #expect(withTenant["tenantId"] as? String == "tenant-7" && withTenant["requestId"] as? String == "with-tenant")
        #expect(without["tenantId"] == nil && without["requestId"] as? String == "without-tenant")
        let lines = await child.jsonLogLines(saying: "answering with the context", count: 2)
        #expect(lines.count == 2)
        #expect(lines.contains { $0["requestId"] as? String == "with-tenant" && $0["tenantId"] as? String == "tenant-7" })
        #expect(lines.contains { $0["requestId"] as? String == "without-tenant" && $0["tenantId"] == nil })
    }

    @Test("in-process, the context's tenant id follows each invocation")
    func tenantPerInvocation() async throws {
        let harness = try RuntimeHarness { _ in ClosureHandler { _, context in Array((context.tenantID ?? "none").utf8) } }
        #expect(await harness.server.invoke(Array("{}".utf8), tenantID: "a").text == "a")
        #expect(await harness.server.invoke(Array("{}".utf8)).text == "none")
        #expect(await harness.server.invoke(Array("{}".utf8), tenantID: "b").text == "b")
        _ = await harness.stop()
    }
}
