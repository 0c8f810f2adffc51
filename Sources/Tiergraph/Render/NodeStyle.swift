/// How a node kind is drawn: a shape and a fill colour (a palette that stays readable in print).
public struct NodeStyle: Equatable, Sendable {
    public let shape: String
    public let fill: String

    /// A style; `shape` must be one of Graphviz's ``shapes`` and `fill` a colour (``checkColour(_:)``).
    /// - Throws: ``ValueError`` naming the valid shapes, or the colour forms.
    public init(shape: String, fill: String) throws(ValueError) {
        guard NodeStyle.shapes.contains(shape) else { throw ValueError(unknown: "shape", shape, known: NodeStyle.shapes) }
        try NodeStyle.checkColour(fill)
        self.shape = shape
        self.fill = fill
    }

    private init(_ shape: String, _ fill: String) {
        self.shape = shape
        self.fill = fill
    }

    /// Graphviz's node shapes that draw a box for a label.
    public static let shapes = [
        "box", "rect", "rectangle", "square", "ellipse", "oval", "circle", "doublecircle", "diamond", "hexagon", "octagon",
        "doubleoctagon", "tripleoctagon", "pentagon", "septagon", "house", "invhouse", "triangle", "invtriangle", "trapezium",
        "invtrapezium", "parallelogram", "cylinder", "note", "tab", "folder", "box3d", "component", "cds", "plaintext", "plain",
        "underline", "egg", "star", "promoter", "larrow", "rarrow", "lpromoter", "rpromoter",
    ]

    /// A colour Graphviz and SVG both read: `#RRGGBB`, or a name of letters (`white`, `lightblue`).
    /// - Throws: ``ValueError`` saying which forms are accepted.
    public static func checkColour(_ text: String) throws(ValueError) {
        let hex = text.count == 7 && text.first == "#" && text.dropFirst().allSatisfy(\.isHexDigit)
        let named = !text.isEmpty && text.count <= 30 && text.allSatisfy { $0.isASCII && $0.isLetter }
        guard hex || named else { throw ValueError("'\(text)' is not a colour: write #RRGGBB (#dbe9f6) or a colour name (lightblue)") }
    }

    /// The style of each built-in kind.
    static let builtIn: [String: NodeStyle] = [
        "company": NodeStyle("box", "#dbe9f6"), "chip": NodeStyle("component", "#fde2c4"), "foundry": NodeStyle("box3d", "#d5ecd4"),
        "csp": NodeStyle("cylinder", "#e6dcf2"), "supplier": NodeStyle("box", "#f3ecc2"), "government": NodeStyle("house", "#f6d5d5"),
        "fund": NodeStyle("diamond", "#d9f0ee"), "market": NodeStyle("ellipse", "#eeeeee"), "product": NodeStyle("note", "#fdf0d5"),
        "country": NodeStyle("hexagon", "#e8e8d0"), "group": NodeStyle("folder", "#e4e4e4"),
    ]

    /// Styles for kinds of one's own, none of them a built-in's: slot `i` combines a shape and a
    /// fill so that no two of the first 64 slots look alike.
    static func custom(slot: Int) -> NodeStyle {
        let shapes = ["octagon", "parallelogram", "trapezium", "invtriangle", "tab", "doubleoctagon", "septagon", "invhouse"]
        let fills = ["#f8c8dc", "#c9f2c7", "#fff1a8", "#c7d2fe", "#a7f3d0", "#fbd38d", "#e2c6ff", "#b2ebf2"]
        return NodeStyle(shapes[slot % shapes.count], fills[(slot + slot / fills.count) % fills.count])
    }
}

/// The styles of one diagram: each node kind's shape and fill, each edge kind's colour.
///
/// Built-in kinds keep their own style and colour. Kinds of one's own get a style of their own,
/// stable and distinct: each takes the slot its name hashes to (FNV-1a, the same on every
/// machine), or the next free one when another kind of the same database holds it, so that within
/// one database no two custom node kinds look alike (up to 64 of them) and no two custom edge
/// kinds share a colour (up to ten; beyond, they are grey and their edges say their kind). A style
/// file (``loading(path:)``) overrides any. Every picture of a database uses the same styles.
public struct StyleSheet: Sendable, Equatable {
    private var nodeStyles: [String: NodeStyle] = [:]
    private var edgeColours: [String: String] = StyleSheet.builtInEdgeColours

    /// The built-in edge kinds' colours. Colours repeat only across line styles (supply solid,
    /// gates dotted, not-supply dashed), which tell those apart.
    static let builtInEdgeColours = [
        "supplies": "#1f5f8b", "manufactures": "#2e7d32", "designs": "#8e5b00", "orders": "#6a1b9a",
        "depends_on": "#00838f", "link": "#455a64", "licenses": "#ad1457", "owns": "#5d4037", "invests_in": "#00838f",
        "market_share": "#7a7a00", "revenue_share": "#283593", "regulates": "#455a64", "compares_to": "#1f5f8b",
        "member_of": "#8e5b00",
    ]
    /// The colours custom edge kinds take: dark enough for thin lines, none the paths' colours.
    static let edgePalette = ["#0277bd", "#558b2f", "#ef6c00", "#4527a0", "#00695c", "#6d4c41", "#c2185b", "#37474f", "#9e9d24", "#1565c0"]
    /// The colours of the highlighted paths, best first.
    public static let pathColours = ["#c0392b", "#e67e22", "#8e44ad", "#16a085", "#d81b60"]

    /// The styles for a database whose node kinds and edge kinds are these (all of them, so
    /// that a kind looks the same in every picture of it).
    public init(nodeKinds: some Sequence<String> = [String](), edgeKinds: some Sequence<String> = [String]()) {
        var taken = Set<Int>()
        for kind in Set(nodeKinds).subtracting(NodeStyle.builtIn.keys).sorted() {
            var slot = StyleSheet.hash(kind) % 64
            while taken.contains(slot) && taken.count < 64 { slot = (slot + 1) % 64 }
            taken.insert(slot)
            nodeStyles[kind] = NodeStyle.custom(slot: slot)
        }
        var free = Set(StyleSheet.edgePalette.indices)
        for kind in Set(edgeKinds).subtracting(StyleSheet.builtInEdgeColours.keys).sorted() where !free.isEmpty {
            var slot = StyleSheet.hash(kind) % StyleSheet.edgePalette.count
            while !free.contains(slot) { slot = (slot + 1) % StyleSheet.edgePalette.count }
            free.remove(slot)
            edgeColours[kind] = StyleSheet.edgePalette[slot]
        }
    }

    /// How nodes of `kind` are drawn.
    public func style(ofNodeKind kind: String) -> NodeStyle {
        nodeStyles[kind] ?? NodeStyle.builtIn[kind] ?? NodeStyle.custom(slot: StyleSheet.hash(kind) % 64)
    }

    /// The colour of edges of `kind`, or nil (grey, with the kind in the edge's label).
    public func colour(ofEdgeKind kind: String) -> String? { edgeColours[kind] }

    /// This sheet with the styles of a style file: CSV with the columns `kind`, and `shape` and
    /// `fill` (for a node kind) and/or `color` (for an edge kind), for example
    /// `kind,shape,fill,color` / `foundry,box3d,#c8e6c9,` / `supplies,,,#1b5e20`.
    /// - Throws: ``ImportError`` with the file, line and column of a bad row (an unknown shape,
    ///   a malformed colour, an unknown column).
    public func loading(path: String) throws -> StyleSheet {
        var sheet = self
        let reader = try CSVReader(path: path)
        var header: [String] = [], fields: [String] = []
        guard try reader.next(into: &header) else { throw ImportError(file: path, line: 1, message: "the style file is empty: write a header kind,shape,fill,color") }
        let known = ["kind", "shape", "fill", "color"]
        for (offset, name) in header.enumerated() where !known.contains(name) {
            throw ImportError(file: path, line: 1, column: offset + 1, message: "unknown column '\(name)'; a style file has \(known.joined(separator: ", "))")
        }
        guard let kindColumn = header.firstIndex(of: "kind") else { throw ImportError(file: path, line: 1, message: "no kind column") }
        func value(_ name: String) -> (String, Int)? {
            header.firstIndex(of: name).flatMap { $0 < fields.count && !fields[$0].isEmpty ? (fields[$0], $0 + 1) : nil }
        }
        while try reader.next(into: &fields) {
            let line = reader.line
            guard kindColumn < fields.count, !fields[kindColumn].isEmpty else { continue }
            let kind = EdgeKind.normalize(fields[kindColumn])
            do {
                if let shape = value("shape")?.0, let fill = value("fill")?.0 {
                    sheet.nodeStyles[kind] = try NodeStyle(shape: shape, fill: fill)
                } else if let (_, column) = value("shape") ?? value("fill") {
                    throw ImportError(file: path, line: line, column: column, message: "a node style needs both shape and fill")
                }
                if let (colour, column) = value("color") {
                    do { try NodeStyle.checkColour(colour) } catch { throw ImportError(file: path, line: line, column: column, message: error.message) }
                    sheet.edgeColours[kind] = colour
                }
            } catch let error as ValueError {
                throw ImportError(file: path, line: line, column: value("shape")?.1, message: error.message)
            }
        }
        return sheet
    }

    /// FNV-1a over the name's UTF-8: the same slot on every machine and run.
    static func hash(_ text: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % 1_000_003)
    }
}

extension GraphStore {
    /// The styles of this database's diagrams: a style for every node kind it holds and a
    /// colour for every edge kind it defines.
    public func styleSheet() throws -> StyleSheet {
        StyleSheet(nodeKinds: try nodeKinds(), edgeKinds: try edgeKinds().map(\.name))
    }
}
