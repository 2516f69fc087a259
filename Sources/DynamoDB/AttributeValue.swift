public enum DynamoDBPlaceholder {}
