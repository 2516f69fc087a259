import DynamoDB
