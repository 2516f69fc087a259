/// Why a record failed, and which.
struct ProjectionFailure: Error {
    var index: Int
    var reason: String

    init(_ index: Int, _ reason: String) {
        self.index = index
        self.reason = reason
    }
}
