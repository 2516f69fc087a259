/// Checks and compares numbers written as decimal text, as DynamoDB sends them, without converting them.
public enum DecimalText {
    /// True for `-12`, `3.5`, `1E+3`, `.5`: an optional sign, digits with at most one point, an optional exponent.
    public static func isValid(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            func sign() { if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 } }
            sign()
            var digits = 0, points = 0
            while index < bytes.count, bytes[index] != UInt8(ascii: "e"), bytes[index] != UInt8(ascii: "E") {
                if bytes[index] == UInt8(ascii: ".") { points += 1 } else if (48...57).contains(bytes[index]) { digits += 1 } else { return false }
                index += 1
            }
            guard digits > 0, points <= 1 else { return false }
            guard index < bytes.count else { return true }
            index += 1
            sign()
            guard index < bytes.count else { return false }
            return bytes[index...].allSatisfy { (48...57).contains($0) }
        }
    }

    /// Orders two non-negative integers written in decimal of any length (stream sequence numbers exceed 64 bits).
    public static func compareUnsignedIntegers(_ lhs: String, _ rhs: String) -> Bool {
        let a = lhs.drop { $0 == "0" }, b = rhs.drop { $0 == "0" }
        return a.count != b.count ? a.count < b.count : a < b
    }
}
