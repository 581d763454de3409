@testable import DikCore
import Testing
import Yams

/// `YAMLComposer` composes without resolving tags where that cannot change the
/// result; these documents are where the basic and the default resolver disagree
/// about duplicate keys, and each must come out as the default resolver has it.
@Suite("Composing without tag resolution changes no result")
struct YAMLComposerTests {
    static func defaultOutcome(_ yaml: String) -> String {
        do {
            let root = try Parser(yaml: yaml).singleRoot()
            return "document \(root.map { String(describing: YAMLNode($0)) } ?? "empty")"
        } catch {
            return "error \(error)"
        }
    }

    static func composed(_ yaml: String) -> String {
        switch YAMLComposer.compose(yaml) {
        case .document(let root): "document \(root.map { String(describing: $0) } ?? "empty")"
        case .failed(let error): "error \(error)"
        case .refused(let problems): "refused \(problems.map(\.problem))"
        }
    }

    @Test(arguments: [
        "true: 1\n\"true\": 2",            // bool and str under the default resolver: not the same key
        "null: 1\n'null': 2",
        "!!int 1: a\n1: b",                 // int twice under the default resolver: the same key
        "!!str a: 1\na: 2",
        "a: 1\na: 2",
        "a: 1\nb:\n  c: 1\n  c: 2",
        "\"é\": 1\n\"e\u{301}\": 2",        // equal as Swift strings
        "[a]: 1\n[a]: 2",
        "{a: 1}: x\nb: y",
        "a: 1\nb: [1, 2, {c: d}]\n",
        "",
        "# only a comment",
        "a: [1, 2\nb: 3",
        "a: 1\na: 2\nb: [",                 // a duplicate before a syntax error
    ])
    func sameResultAsTheDefaultResolver(_ yaml: String) {
        #expect(Self.composed(yaml) == Self.defaultOutcome(yaml))
    }

    @Test func plainAndQuotedTrueAreTwoKeysAndTaggedOnesAreOne() {
        guard case .document = YAMLComposer.compose("true: 1\n\"true\": 2") else {
            Issue.record("plain true and quoted true were taken as one key")
            return
        }
        guard case .failed(let error) = YAMLComposer.compose("!!int 1: a\n1: b"),
              case .duplicatedKeysInMapping? = error as? YamlError
        else {
            Issue.record("!!int 1 and 1 were not reported as the same key")
            return
        }
    }
}
