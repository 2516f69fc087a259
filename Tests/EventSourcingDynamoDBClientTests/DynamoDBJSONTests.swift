import EventSourcingDynamoDBClient
import EventSourcingJSON
import Foundation
import Testing

private func decode<T: DynamoDBJSONDecodable>(_ type: T.Type, _ text: String) throws(JSONError) -> T {
    try DynamoDBJSON.decode(type, from: Array(text.utf8))
}

private func client(_ transport: ScriptedTransport) -> DynamoDBClient {
    DynamoDBClient(
        configuration: DynamoDBConfiguration(
            region: "us-east-1", endpoint: URL(string: "http://127.0.0.1:9")!,
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"), retry: RetryPolicy(maxAttempts: 1)),
        transport: transport)
}

@Suite("DynamoDB's wire format, without Codable")
struct DynamoDBJSONTests {
    @Test("a Query page: items as sent, Count, the key to go on from, the capacity; members it does not know skipped")
    func queryPage() throws {
        let page = try decode(QueryOutput.self, #"""
            {"Count": 2, "ScannedCount": 5, "Items": [{"pk": {"S": "a"}, "sk": {"N": "1"}}, {"pk": {"S": "a"}, "sk": {"N": "2"}}],
             "LastEvaluatedKey": {"pk": {"S": "a"}, "sk": {"N": "2"}},
             "ConsumedCapacity": {"TableName": "events", "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.5}}}
            """#)
        #expect(page.items == [["pk": .s("a"), "sk": .n("1")], ["pk": .s("a"), "sk": .n("2")]])
        #expect(page.count == 2)
        #expect(page.lastEvaluatedKey == ["pk": .s("a"), "sk": .n("2")])
        #expect(page.consumedCapacity?.tableName == "events" && page.consumedCapacity?.capacityUnits == 0.5)
        let last = try decode(QueryOutput.self, #"{"Items": [{"pk": {"S": "a"}}], "LastEvaluatedKey": null}"#)
        #expect(last.count == 1 && last.lastEvaluatedKey == nil)
    }

    @Test("a member or an attribute named twice is refused", arguments: [
        #"{"Items": [], "Items": []}"#, #"{"Items": [{"a": {"S": "x"}, "a": {"S": "y"}}]}"#, #"{"Count": 1, "Count": 2}"#,
    ])
    func namedTwice(text: String) {
        #expect(throws: JSONError.self) { try decode(QueryOutput.self, text) }
    }

    @Test("malformed Query pages are a JSONError", arguments: [
        "", "[]", #"{"Items": {}}"#, #"{"Count": "2"}"#, #"{"Count": 1.5}"#, #"{"Items": [{"a": {"S": "x"}}]} x"#, #"{"Items": [{"a": {"S": 1}}]}"#,
    ])
    func malformedPages(text: String) {
        #expect(throws: JSONError.self) { try decode(QueryOutput.self, text) }
    }

    @Test("malformed GetItem answers are a JSONError", arguments: ["", "null", #"{"Item": []}"#, #"{"Item": {"a": {"S": 1}}}"#, #"{"Item": {"a": {}}}"#])
    func malformedItems(text: String) {
        #expect(throws: JSONError.self) { try decode(GetItemOutput.self, text) }
    }

    @Test("a PutItem is written as DynamoDB reads it: optional members left out, numbers as strings")
    func putItemRequest() throws {
        let put = PutItemInput(
            tableName: "events", item: ["pk": .s("a\"b"), "sk": .n("1"), "tags": .ss(["x"]), "blob": .b(Data([1, 2]))],
            conditionExpression: "attribute_not_exists(#sk)", expressionAttributeNames: ["#sk": "sk"],
            returnValuesOnConditionCheckFailure: .allOld)
        #expect(try JSONParser().parse(DynamoDBJSON.encode(put)) == .object([
            "TableName": .string("events"),
            "Item": .object([
                "pk": .object(["S": .string("a\"b")]), "sk": .object(["N": .string("1")]),
                "tags": .object(["SS": .array([.string("x")])]), "blob": .object(["B": .string("AQI=")]),
            ]),
            "ConditionExpression": .string("attribute_not_exists(#sk)"), "ExpressionAttributeNames": .object(["#sk": .string("sk")]),
            "ReturnValuesOnConditionCheckFailure": .string("ALL_OLD"),
        ]))
    }

    @Test("a transaction's actions are written one object each, under the action's name")
    func transactionRequest() async throws {
        let transport = ScriptedTransport([.answer(200, "{}")])
        try await client(transport).transactWriteItems([
            .put(table: "events", item: ["pk": .s("a")], condition: "attribute_not_exists(pk)", returnOnFailure: .allOld),
            .update(table: "events", key: ["pk": .s("b")], update: "SET n = :n", values: [":n": .n("2")]),
            .delete(table: "events", key: ["pk": .s("c")]),
            .conditionCheck(table: "events", key: ["pk": .s("d")], condition: "attribute_exists(pk)"),
        ], clientRequestToken: "token")
        let body = try JSONParser().parse(try #require(transport.requests.first).body)
        let key = { (pk: String) in JSON.object(["pk": .object(["S": .string(pk)])]) }
        #expect(body == .object([
            "ClientRequestToken": .string("token"),
            "TransactItems": .array([
                .object(["Put": .object([
                    "TableName": .string("events"), "Item": key("a"), "ConditionExpression": .string("attribute_not_exists(pk)"),
                    "ReturnValuesOnConditionCheckFailure": .string("ALL_OLD"),
                ])]),
                .object(["Update": .object([
                    "TableName": .string("events"), "Key": key("b"), "UpdateExpression": .string("SET n = :n"),
                    "ExpressionAttributeValues": .object([":n": .object(["N": .string("2")])]),
                ])]),
                .object(["Delete": .object(["TableName": .string("events"), "Key": key("c")])]),
                .object(["ConditionCheck": .object([
                    "TableName": .string("events"), "Key": key("d"), "ConditionExpression": .string("attribute_exists(pk)"),
                ])]),
            ]),
        ]))
    }

    @Test("a cancelled transaction's reasons: codes, messages (null too) and the items asked for")
    func cancellationReasons() async {
        let body = #"""
            {"__type": "com.amazonaws.dynamodb.v20120810#TransactionCanceledException", "Message": "Transaction cancelled",
             "CancellationReasons": [{"Code": "None", "Message": null}, {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed",
             "Item": {"pk": {"S": "a"}, "n": {"N": "7"}}}]}
            """#
        do {
            try await client(ScriptedTransport([.answer(400, body)])).transactWriteItems([.put(table: "events", item: ["pk": .s("a")])])
            Issue.record("the transaction succeeded")
        } catch {
            guard case .transactionCanceled(let reasons) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(reasons.map(\.code) == ["None", "ConditionalCheckFailed"])
            #expect(reasons.map(\.message) == [nil, "The conditional request failed"])
            #expect(reasons.map(\.item) == [nil, ["pk": .s("a"), "n": .n("7")]])
        }
    }

    @Test("a 200 whose body is not the operation's answer is an InvalidResponse naming the reason")
    func undecodableAnswer() async {
        do {
            _ = try await client(ScriptedTransport([.answer(200, #"{"Item": {"pk": {"X": "a"}}}"#)])).getItem(GetItemInput(tableName: "events", key: ["pk": .s("a")]))
            Issue.record("decoded")
        } catch {
            guard case .other(let operation, _, let type, let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(operation == "GetItem" && type == "InvalidResponse" && message.contains("unknown AttributeValue type X"))
        }
        do {
            _ = try await client(ScriptedTransport([.answer(200, #"{"Item": {"pk": {"S": "a", "N\u0031": "1"}}}"#)])).getItem(GetItemInput(tableName: "events", key: ["pk": .s("a")]))
            Issue.record("decoded")
        } catch {
            guard case .other(_, _, _, let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(message.contains("exactly one type key, found S and N1"), "\(message)")
        }
    }
}

@Suite("Stream records in both spellings")
struct StreamRecordSpellingTests {
    @Test("a TTL deletion's identity reads as Lambda spells it (type, principalId) and as GetRecords does (Type, PrincipalId)")
    func userIdentity() throws {
        for identity in [#"{"type":"Service","principalId":"dynamodb.amazonaws.com"}"#, #"{"Type":"Service","PrincipalId":"dynamodb.amazonaws.com"}"#] {
            let record = try JSONDecoder().decode(StreamRecord.self, from: Data(#"""
                {"eventID":"1","eventName":"REMOVE","userIdentity":\#(identity),
                 "dynamodb":{"Keys":{"pk":{"S":"a"}},"SequenceNumber":"100","SizeBytes":10,"StreamViewType":"NEW_AND_OLD_IMAGES"}}
                """#.utf8))
            #expect(record.isTimeToLiveRemoval, "\(identity)")
            let written = String(decoding: try JSONEncoder().encode(record.userIdentity), as: UTF8.self)
            #expect(written.contains(#""principalId""#) && !written.contains("PrincipalId"))
        }
        let partial = try JSONDecoder().decode(StreamRecord.UserIdentity.self, from: Data(#"{"Type":"Service"}"#.utf8))
        #expect(partial == StreamRecord.UserIdentity(type: "Service", principalId: ""))
    }
}
