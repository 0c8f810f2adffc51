/// How a node kind is drawn: a shape and a fill colour (a palette that stays readable in print).
public struct NodeStyle: Equatable, Sendable {
    public let shape: String
    public let fill: String

    /// The style of each built-in kind; other kinds are plain boxes.
    public static func of(kind: String) -> NodeStyle {
        switch kind {
        case "company": return NodeStyle(shape: "box", fill: "#dbe9f6")
        case "chip": return NodeStyle(shape: "component", fill: "#fde2c4")
        case "foundry": return NodeStyle(shape: "box3d", fill: "#d5ecd4")
        case "csp": return NodeStyle(shape: "cylinder", fill: "#e6dcf2")
        case "supplier": return NodeStyle(shape: "box", fill: "#f3ecc2")
        case "government": return NodeStyle(shape: "house", fill: "#f6d5d5")
        case "fund": return NodeStyle(shape: "diamond", fill: "#d9f0ee")
        case "market": return NodeStyle(shape: "ellipse", fill: "#eeeeee")
        case "product": return NodeStyle(shape: "note", fill: "#fdf0d5")
        case "country": return NodeStyle(shape: "hexagon", fill: "#e8e8d0")
        default: return NodeStyle(shape: "box", fill: "#ffffff")
        }
    }
}
