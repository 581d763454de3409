import Yams

/// A composed YAML value as the register reads it: text, quoting style and position.
///
/// No tags (the register never resolves one) and no anchors or aliases (refused
/// before a tree is made), so a node is plain data: it copies without reference
/// counting through weak anchors, and `BlockYAML` can build one without libyaml.
enum YAMLNode: Sendable, Equatable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode], mark: YAMLMark?)
    case mapping([YAMLPair], mark: YAMLMark?)

    var mark: YAMLMark? {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(_, let mark), .mapping(_, let mark): mark
        }
    }

    /// The text of a scalar; nil for a collection.
    var string: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }

    /// The value of the first pair whose key is the scalar `key`, in a mapping.
    func value(forKey key: String) -> YAMLNode? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key.string == key }?.value
    }
}

/// Where a node starts: line and column from 1, columns counted in Unicode scalars
/// (as libyaml counts them).
struct YAMLMark: Sendable, Equatable {
    let line: Int
    let column: Int
}

struct YAMLScalar: Sendable, Equatable {
    enum Style: Sendable, Equatable {
        case any, plain, singleQuoted, doubleQuoted, literal, folded
    }

    let string: String
    let style: Style
    let mark: YAMLMark?
}

struct YAMLPair: Sendable, Equatable {
    let key: YAMLNode
    let value: YAMLNode
}

extension YAMLNode {
    /// The same tree, read out of Yams. An alias (only possible where no guard ran,
    /// as in a theme's string table) becomes an empty scalar of no style: it is
    /// neither null nor text to the readers, as an alias was not.
    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            self = .scalar(YAMLScalar(string: scalar.string, style: YAMLScalar.Style(scalar.style),
                                      mark: scalar.mark.map(YAMLMark.init)))
        case .sequence(let sequence):
            self = .sequence(sequence.map(YAMLNode.init), mark: sequence.mark.map(YAMLMark.init))
        case .mapping(let mapping):
            self = .mapping(mapping.map { YAMLPair(key: YAMLNode($0.key), value: YAMLNode($0.value)) },
                            mark: mapping.mark.map(YAMLMark.init))
        case .alias(let alias):
            self = .scalar(YAMLScalar(string: "", style: .any, mark: alias.mark.map(YAMLMark.init)))
        }
    }
}

extension YAMLMark {
    init(_ mark: Mark) { self.init(line: mark.line, column: mark.column) }
}

extension YAMLScalar.Style {
    init(_ style: Node.Scalar.Style) {
        switch style {
        case .any: self = .any
        case .plain: self = .plain
        case .singleQuoted: self = .singleQuoted
        case .doubleQuoted: self = .doubleQuoted
        case .literal: self = .literal
        case .folded: self = .folded
        }
    }
}
