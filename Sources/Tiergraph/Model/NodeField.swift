/// A field of nodes, to group or select them by: a column (id, name, kind, country) or a property.
public enum NodeField: Equatable, Sendable, CustomStringConvertible {
    case id, name, kind, country
    case property(String)

    /// `id`, `name`, `kind`, `country`, or any other name as a property.
    public init(parsing text: String) {
        switch text.trimmingWhitespace() {
        case "id": self = .id
        case "name": self = .name
        case "kind": self = .kind
        case "country": self = .country
        case let other: self = .property(other)
        }
    }

    public var description: String {
        switch self {
        case .id: return "id"
        case .name: return "name"
        case .kind: return "kind"
        case .country: return "country"
        case .property(let name): return name
        }
    }
}

