/// A document that facts come from: an article, a filing, a dataset.
public struct Source: Equatable, Sendable {
    /// The id citations refer to (a file name such as `000_663c24318a0e2293.txt`, or a short key).
    public var id: String
    /// The title, if known.
    public var title: String?
    /// Who published it.
    public var publisher: String?
    /// When it was published.
    public var date: PartialDate?
    /// Where to find it: a URL or a file reference.
    public var url: String?

    public init(id: String, title: String? = nil, publisher: String? = nil, date: PartialDate? = nil, url: String? = nil) {
        self.id = id
        self.title = title
        self.publisher = publisher
        self.date = date
        self.url = url
    }
}

/// A node's or edge's reference to a source, with the supporting quote in its original language.
public struct Citation: Equatable, Hashable, Sendable {
    /// The id of the cited ``Source``.
    public var source: String
    /// The sentence that supports the fact, if given.
    public var quote: String?

    public init(source: String, quote: String? = nil) {
        self.source = source
        self.quote = quote
    }
}
