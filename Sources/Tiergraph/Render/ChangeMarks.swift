/// Which drawn nodes and edges a diff added, removed or changed (``GraphDiff``): a diagram draws
/// them outlined in green, red (dashed) and orange, and its legend says so.
public struct ChangeMarks: Sendable, Equatable {
    public enum Mark: String, Sendable, CaseIterable {
        case added, removed, changed

        /// The outline colour.
        var colour: String {
            switch self {
            case .added: return "#1e8449"
            case .removed: return "#c0392b"
            case .changed: return "#d68910"
            }
        }

        /// DOT attributes of a node or edge drawn with this mark.
        func attributes(node: Bool) -> String {
            let dashed = self == .removed ? (node ? ", style=\"filled,dashed\"" : ", style=dashed") : ""
            return "penwidth=3, color=\(DOTWriter.quote(colour))" + dashed
        }
    }

    /// Marks by node id.
    public var nodes: [String: Mark] = [:]
    /// Marks by edge id.
    public var edges: [String: Mark] = [:]

    public init(nodes: [String: Mark] = [:], edges: [String: Mark] = [:]) {
        self.nodes = nodes
        self.edges = edges
    }

    public var isEmpty: Bool { nodes.isEmpty && edges.isEmpty }
}
