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

    /// Where the default resolver sees two keys in one text (a bool and a string, a
    /// null and a string), the register, which reads text, sees one key written twice;
    /// and a tag is refused before any key is compared.
    @Test(arguments: [
        ("true: 1\n\"true\": 2", "refused [DikCore.Problem.duplicateKey(key: \"true\")]"),
        ("null: 1\n'null': 2", "refused [DikCore.Problem.duplicateKey(key: \"null\")]"),
        ("1: a\n\"1\": b", "refused [DikCore.Problem.duplicateKey(key: \"1\")]"),
        ("!!int 1: a\n1: b", "refused [DikCore.Problem.yamlTagNotAllowed]"),
        ("!!str a: 1\na: 2", "refused [DikCore.Problem.yamlTagNotAllowed]"),
        ("!x status: ditetapkan\nstatus: usulan", "refused [DikCore.Problem.yamlTagNotAllowed]"),
    ])
    func keysAreComparedByTheirTextAndTagsAreRefused(_ yaml: String, _ expected: String) {
        #expect(Self.composed(yaml) == expected)
    }
}
