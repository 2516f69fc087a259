import EventSourcingDynamoDB
import EventSourcingDynamoDBClient
import EventSourcingLocalEnvironment
import EventSourcingTestSupport
import Foundation
import Testing

@Suite("The tables are defined once", .enabled(if: Moto.templateSettings != nil, "needs TEMPLATE_SETTINGS: run scripts/test"))
struct TableDefinitionTests {
    @Test("template.yaml declares exactly EventSourcingTables' keys, stream and TTL", arguments: [
        ("EventsTable", EventSourcingTables.events), ("ProjectionsTable", EventSourcingTables.projections), ("FeedTable", EventSourcingTables.feed),
    ])
    func templateAgrees(resource: String, definition: EventSourcingTables.Definition) throws {
        let settings = try TemplateSettings(contentsOf: try #require(Moto.templateSettings))
        let table = try settings.table(resource)
        #expect(Set(table.attributeDefinitions.map { "\($0.attributeName):\($0.attributeType)" }) == Set(definition.attributeDefinitions.map { "\($0.attributeName):\($0.attributeType)" }))
        #expect(table.keySchema == definition.keySchema)
        #expect(table.streamSpecification?.streamEnabled == definition.stream?.streamEnabled)
        #expect(table.streamSpecification?.streamViewType == definition.stream?.streamViewType)
        #expect(table.timeToLiveAttribute == definition.timeToLiveAttribute)
        #expect(table.billingMode == "PAY_PER_REQUEST")
    }
}
