/// Which facts a query may use. Every query applies one.
public struct QueryFilter: Sendable {
    /// Only edges of these kinds (`nil`: every kind).
    public var edgeKinds: Set<String>?
    /// Only nodes of these kinds on the way; the query's own endpoints are always allowed.
    public var nodeKinds: Set<String>?
    /// Node ids the query must not pass through.
    public var avoid: Set<String>
    /// Only edges valid at this date (see ``Period/contains(_:)``) whose claim, if it says when
    /// (`as_of`), is about this date or before: the graph as it stood then.
    public var asOf: PartialDate?
    /// Only edges citing this source id.
    public var source: String?
    /// The modalities the supply analyses and `exposure` count: forecasts and rumours only when
    /// included (an edge of another modality is kept, but is not in force).
    public var include: Set<Modality>

    public init(
        edgeKinds: Set<String>? = nil, nodeKinds: Set<String>? = nil, avoid: Set<String> = [],
        asOf: PartialDate? = nil, source: String? = nil, include: Set<Modality> = Modality.counted
    ) {
        self.edgeKinds = edgeKinds.map { Set($0.map(EdgeKind.normalize)) }
        self.nodeKinds = nodeKinds.map { Set($0.map(EdgeKind.normalize)) }
        self.avoid = avoid
        self.asOf = asOf
        self.source = source
        self.include = include
    }
}

extension QueryFilter {
    /// Whether an edge with this validity (`valid_from`, `valid_to`) and `as_of`, as stored,
    /// passes the date filter (every edge does without one).
    func admits(validFrom: String?, validTo: String?, asOf: String?) throws(ValueError) -> Bool {
        guard let date = self.asOf, validFrom != nil || validTo != nil || asOf != nil else { return true }
        if validFrom != nil || validTo != nil, !(try Period(parsingFrom: validFrom, to: validTo)).contains(date) { return false }
        if let asOf, try PartialDate(parsing: asOf).lowerBound > date.upperBound { return false }
        return true
    }
}

/// Which way a walk follows edges.
public enum Direction: Sendable {
    /// Downstream: the way goods flow (each edge kind's declared ``Flow``); `none` edges are not walked.
    case downstream
    /// Upstream: against the flow of goods, towards suppliers.
    case upstream
    /// Every edge, either way, whatever its kind's flow.
    case any

    /// The way back: upstream for downstream and the reverse; any stays any.
    var reversed: Direction {
        switch self {
        case .downstream: return .upstream
        case .upstream: return .downstream
        case .any: return .any
        }
    }
}

/// What a weighted path minimises.
public enum Weight: Sendable, Equatable {
    /// The number of edges.
    case hops
    /// −log(share) per edge: the best path has the largest product of shares. Edges without a share are not used.
    case share
    /// The edge's volume amount. Edges without a volume are not used.
    case volume
    /// A numeric edge property. Edges without it are not used.
    case property(String)

    /// Parses `hops`, `share`, `volume` or a property name.
    public init(parsing text: String) {
        switch text {
        case "hops": self = .hops
        case "share": self = .share
        case "volume": self = .volume
        default: self = .property(text)
        }
    }
}

/// A query that cannot be answered as asked; ``code`` says which condition, the message why.
public struct QueryError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The condition, for matching.
    public enum Code: Equatable, Sendable {
        /// No node has this id.
        case unknownNode(String)
        /// No edge has this id (under the query's filters).
        case unknownEdge(String)
        /// A name of some kind (a node field, a kind, a weight) that does not exist.
        case unknownName(what: String, name: String)
        /// Any other condition the message describes.
        case other
    }

    public let code: Code
    public let message: String

    public init(_ message: String) {
        code = .other
        self.message = message
    }

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func unknownNode(_ id: String) -> QueryError { QueryError(.unknownNode(id), "no node with id '\(id)'") }

    static func unknownEdge(_ id: String) -> QueryError {
        QueryError(.unknownEdge(id), "no edge with id '\(id)' (under the query's filters)")
    }

    /// `unknown node field 'contry': known ones are kind, country, …` (the closest first).
    static func unknown(_ what: String, _ name: String, known: [String]) -> QueryError {
        let ranked = known.sorted { (editDistance(name, $0), $0) < (editDistance(name, $1), $1) }
        return QueryError(.unknownName(what: what, name: name), "unknown \(what) '\(name)': known ones are \(ranked.joined(separator: ", "))")
    }
}

/// The Levenshtein distance between two strings (by characters), for suggesting names.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    var row = Array(0...b.count)
    for i in 1...a.count {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            let current = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
            previous = current
        }
    }
    return row[b.count]
}
