import Mustache

/// A name in a template's context, hashed once when it is made: a template's names
/// are made when it is compiled, a view's names as it writes them. A `String` key
/// was hashed again (SipHash, a few hundred instructions) on every insert and on
/// every lookup in every frame of the context stack, a tenth of a build.
public struct ContextKey: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String
    private let hash: UInt64

    public init(_ name: String) {
        var name = name
        hash = name.withUTF8(Self.hash)
        self.name = name
    }

    /// A name written in the code: hashed from its bytes where they lie, and made a
    /// `String` without validating them again (a literal's UTF-8 is valid).
    public init(stringLiteral literal: StaticString) {
        hash = literal.withUTF8Buffer(Self.hash)
        name = literal.description
    }

    @inline(__always) private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    public var description: String { name }

    public static func == (lhs: ContextKey, rhs: ContextKey) -> Bool {
        lhs.hash == rhs.hash && lhs.name == rhs.name
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// What a dictionary asks of a key: the stored hash mixed with the table's seed
    /// (which keeps the placement of keys different from table to table), without
    /// running `Hasher` again.
    public func _rawHashValue(seed: Int) -> Int {
        var mixed = hash ^ UInt64(UInt(bitPattern: seed))
        mixed = (mixed ^ (mixed &>> 33)) &* 0xFF51_AFD7_ED55_8CCD
        mixed = (mixed ^ (mixed &>> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return Int(bitPattern: UInt(mixed ^ (mixed &>> 33)))
    }
}

/// An object a view hands to a template: named values (strings, numbers, flags,
/// other contexts, lists of them). swift-mustache reads it as it reads a dictionary,
/// so a page the fast renderer declines renders the same through it.
public struct ViewContext: ExpressibleByDictionaryLiteral, MustacheParent {
    public private(set) var values: [ContextKey: Any]

    public init() { values = [:] }

    init(values: [ContextKey: Any]) { self.values = values }

    public init(minimumCapacity: Int) { values = Dictionary(minimumCapacity: minimumCapacity) }

    public init(dictionaryLiteral elements: (ContextKey, Any)...) {
        values = Dictionary(minimumCapacity: elements.count)
        for (key, value) in elements { values[key] = value }
    }

    /// A table of texts (the interface's words) as a context.
    public init(_ texts: [String: String]) {
        values = Dictionary(minimumCapacity: texts.count)
        for (name, text) in texts { values[ContextKey(name)] = text }
    }

    public subscript(key: ContextKey) -> Any? {
        get { values[key] }
        set { values[key] = newValue }
    }

    public var isEmpty: Bool { values.isEmpty }

    /// The other context's values added, each one replacing a value of the same name.
    public mutating func merge(_ other: ViewContext) {
        values.merge(other.values) { _, new in new }
    }

    public func merging(_ other: ViewContext) -> ViewContext {
        var merged = self
        merged.merge(other)
        return merged
    }

    public func child(named name: String) -> Any? { values[ContextKey(name)] }
}
