/// The coding key of an array element, printed as `[index]` in error paths.
struct JSONIndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String

    init(index: Int) {
        intValue = index
        stringValue = "\(index)"
    }

    init?(stringValue: String) {
        guard let index = Int(stringValue) else { return nil }
        self.init(index: index)
    }

    init?(intValue: Int) {
        self.init(index: intValue)
    }
}
