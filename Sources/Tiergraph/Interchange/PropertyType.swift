/// The one type that holds every value a property takes across a graph, for the formats that
/// declare types up front (GraphML keys, Kùzu and LadybugDB columns).
///
/// Integers and fractions together are `double`; lists keep their element type when all
/// their elements are scalars of one type; anything else (objects, mixed lists, a number here
/// and a text there) is `json`: each value as its JSON text.
indirect enum PropertyType: Equatable {
    case integer, double, boolean, string
    case list(PropertyType)
    /// Values of different shapes, or objects: held as JSON text (a text value with its quotes).
    case json
    /// Only empty lists seen so far: a list of whatever the other values hold (text if none do).
    case emptyList

    /// The type of one value; `nil` for `null`, which fits any type.
    static func of(_ value: JSONValue) -> PropertyType? {
        switch value {
        case .null: return nil
        case .int: return .integer
        case .double: return .double
        case .bool: return .boolean
        case .string: return .string
        case .object: return .json
        case .array(let elements):
            guard !elements.isEmpty else { return .emptyList }
            var element: PropertyType?
            for item in elements {
                guard let type = of(item), type.isScalar else { return .json }
                element = element.map { $0.merged(with: type) } ?? type
            }
            return element.map { $0.isScalar ? .list($0) : .json } ?? .json
        }
    }

    /// Whether values of this type are numbers, booleans or text.
    var isScalar: Bool {
        switch self {
        case .integer, .double, .boolean, .string: return true
        case .list, .emptyList, .json: return false
        }
    }

    /// The type that holds the values of both.
    func merged(with other: PropertyType) -> PropertyType {
        switch (self, other) {
        case _ where self == other: return self
        case (.integer, .double), (.double, .integer): return .double
        case (.emptyList, .list), (.emptyList, .emptyList): return other
        case (.list, .emptyList): return self
        case (.list(let a), .list(let b)):
            let element = a.merged(with: b)
            return element.isScalar ? .list(element) : .json
        default: return .json
        }
    }

    /// Every property name among `properties` but the `reserved` ones, with its type, sorted by name.
    static func columns(_ properties: [[String: JSONValue]], reserved: Set<String>) -> [(name: String, type: PropertyType)] {
        var types: [String: PropertyType] = [:]
        for object in properties {
            for (name, value) in object where !reserved.contains(name) {
                guard let type = of(value) else { continue }
                types[name] = types[name].map { $0.merged(with: type) } ?? type
            }
        }
        return types.sorted { $0.key < $1.key }.map { (name: $0.key, type: $0.value == .emptyList ? .list(.string) : $0.value) }
    }
}
