import Testing
@testable import MoteSyntax

@Suite struct CompletenessTests {
    @Test(arguments: [
        "",
        "\n\n",
        "# just a comment",
        "x = 1",
        "x = 1;",
        "model m {\n  input(3)\n  dense(1)\n}",
        "for i in range(3) { print(i) }",
        "fit?",
        "f(1,\n  2)\n",
    ])
    func complete(source: String) {
        #expect(Completeness.check(source) == .complete)
    }

    @Test(arguments: [
        ("print(1,", "  "),
        ("x = [1,\n 2", "  "),
        ("x = 1 +", ""),
        ("x = 1 *\n", ""),
        ("x =", ""),
        ("a,", ""),
        ("assert x ==", ""),
        ("s = \"unfinished", ""),
        ("model m {", "  "),
        ("model m {\n  input(3)\n", "  "),
        ("for i in xs {\n  for j in ys {\n", "    "),
        ("for i in xs {\n  f(i,\n", "    "),
        ("x = not", ""),
        ("f(a:", "  "),
    ])
    func incomplete(source: String, indent: String) {
        #expect(Completeness.check(source) == .incomplete(indent: indent))
    }

    @Test(arguments: [
        "1 +* 2",
        ")",
        "print(1))",
        "x = 1 2",
        "assert x = 3",
        "while true { }",
        "x = 3abc",
        "s = \"a\\q",
        "a < b < c",
        "s = \"open\nx = 1",
        "f(a: 1, 2",
    ])
    func invalid(source: String) {
        #expect(Completeness.check(source) == .invalid)
    }

    @Test func deepNestingIsInvalidNotIncomplete() {
        #expect(Completeness.check(String(repeating: "(", count: 100_000)) == .invalid)
    }
}
