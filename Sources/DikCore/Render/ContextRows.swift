import Mustache

/// A list's rows for a template, each context built when the template reaches it
/// and dropped after: a list page of a national register would otherwise hold
/// every row's context (kilobytes each) at once. swift-mustache renders it as any
/// sequence; `CompiledTemplates` walks it by index.
struct ContextRows: MustacheSequence, CustomReflectable, @unchecked Sendable {
    let count: Int
    let row: (Int) -> ViewContext

    init<Item>(_ items: [Item], _ row: @escaping (Int, Item) -> ViewContext) {
        count = items.count
        self.row = { row($0, items[$0]) }
    }

    /// Like an array, no named children: inside an inverted section over an empty
    /// list, a name like `count` is looked up further out, not here.
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .collection) }

    func makeIterator() -> AnyIterator<ViewContext> {
        var index = 0
        return AnyIterator {
            guard index < count else { return nil }
            defer { index += 1 }
            return row(index)
        }
    }
}
