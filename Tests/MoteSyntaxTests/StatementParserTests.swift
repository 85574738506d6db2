import Testing
@testable import MoteSyntax

@Suite struct StatementParserTests {
    @Test func emptyCellsParseToNothing() throws {
        for source in ["", "\n\n", "# only a comment", " ; ;\n"] {
            let program = try Parser.parse(source)
            #expect(program.statements.isEmpty)
            #expect(program.endsWithSemicolon == false)
        }
    }

    @Test func assignment() throws {
        let program = try Parser.parse("rate = 16kHz")
        guard case .assign(let targets, let value) = program.statements[0].kind else {
            Issue.record("not an assignment")
            return
        }
        #expect(targets.map(\.name) == ["rate"])
        #expect(sexp(value) == "16kHz")
    }

    @Test func destructuringAssignment() throws {
        let program = try Parser.parse("train, test = split(data, 80%, seed: 1)")
        guard case .assign(let targets, let value) = program.statements[0].kind else {
            Issue.record("not an assignment")
            return
        }
        #expect(targets.map(\.name) == ["train", "test"])
        #expect(targets.map { span($0.range) } == ["1:1-1:6", "1:8-1:12"])
        #expect(sexp(value) == "(call split data 80% seed: 1)")
    }

    @Test func assertWithAndWithoutMessage() throws {
        let program = try Parser.parse("assert x >= 0.9, \"too low\"\nassert ok")
        #expect(program.statements.count == 2)
        guard case .assert(let condition, let message) = program.statements[0].kind,
              case .assert(let bare, let none) = program.statements[1].kind else {
            Issue.record("not asserts")
            return
        }
        #expect(sexp(condition) == "(>= x 0.9)")
        #expect(message.map(sexp) == "\"too low\"")
        #expect(sexp(bare) == "ok")
        #expect(none == nil)
        #expect(span(program.statements[0].range) == "1:1-1:27")
    }

    @Test func modelBlockWithNewlinesAndSemicolons() throws {
        let source = """
        model wand {
          input(100, 6)
          conv1d(8, kernel: 5, activation: relu); maxpool(2)

          dense(4, activation: softmax);
        }
        """
        let program = try Parser.parse(source)
        #expect(program.statements.count == 1)
        guard case .model(let name, let layers) = program.statements[0].kind else {
            Issue.record("not a model")
            return
        }
        #expect(name.name == "wand")
        #expect(layers.map(sexp) == [
            "(call input 100 6)",
            "(call conv1d 8 kernel: 5 activation: relu)",
            "(call maxpool 2)",
            "(call dense 4 activation: softmax)",
        ])
        #expect(span(program.statements[0].range) == "1:1-6:2")
    }

    @Test func modelOnOneLine() throws {
        let program = try Parser.parse("model m { input(3); dense(1) }")
        guard case .model(_, let layers) = program.statements[0].kind else {
            Issue.record("not a model")
            return
        }
        #expect(layers.count == 2)
    }

    @Test func forLoopWithNestedBody() throws {
        let source = """
        for i in range(3) {
          x = i * 2; print(x)
          for j in [1, 2] { assert j > 0 }
        }
        done
        """
        let program = try Parser.parse(source)
        #expect(program.statements.count == 2)
        guard case .forLoop(let variable, let iterable, let body) = program.statements[0].kind else {
            Issue.record("not a for loop")
            return
        }
        #expect(variable.name == "i")
        #expect(sexp(iterable) == "(call range 3)")
        #expect(body.count == 3)
        guard case .forLoop(_, _, let inner) = body[2].kind else {
            Issue.record("inner statement is not a for loop")
            return
        }
        #expect(inner.count == 1)
        #expect(span(program.statements[0].range) == "1:1-4:2")
    }

    @Test func helpOnNamesAndMembers() throws {
        let program = try Parser.parse("fit?\nx.mean?")
        guard case .help(let first) = program.statements[0].kind,
              case .help(let second) = program.statements[1].kind else {
            Issue.record("not help statements")
            return
        }
        #expect(sexp(first) == "fit")
        #expect(sexp(second) == "(. x mean)")
        #expect(span(program.statements[1].range) == "2:1-2:8")
    }

    @Test(arguments: [
        ("x", false),
        ("x;", true),
        ("x ;  # hidden\n\n", true),
        ("x;\ny", false),
        ("a = 1; b = 2;", true),
        ("for i in xs { i; }", false),
        ("x\n", false),
    ])
    func endsWithSemicolon(source: String, expected: Bool) throws {
        #expect(try Parser.parse(source).endsWithSemicolon == expected)
    }

    @Test func statementsSeparatedByNewlinesAndSemicolons() throws {
        let program = try Parser.parse("a = 1; b = 2\n\n c = [1,\n 2]\nprint(a, b, c)")
        #expect(program.statements.count == 4)
    }

    @Test func namesThatOtherLanguagesReserveAreOrdinaryNames() throws {
        let program = try Parser.parse("var = 3\nfrom(var)\nif")
        #expect(program.statements.count == 3)
    }

    @Test func theLanguageReferenceExampleParses() throws {
        let source = """
        # Magic wand, end to end
        data = gestures(classes: ["wing", "ring", "slope", "idle"], per_class: 120, seed: 7)
        train, test = split(data, 80%, seed: 1)

        model wand {
          input(100, 6)
          conv1d(8, kernel: 5, activation: relu)
          maxpool(2)
          conv1d(16, kernel: 3, activation: relu)
          global_avgpool()
          dense(4, activation: softmax)
        }

        history = fit(wand, train, epochs: 20, batch: 32, optimizer: adam(lr: 0.005), seed: 1)
        plot(history)
        evaluate(wand, test)
        q = quantize(wand, calibration: train, samples: 100)
        compare(wand, q, test)
        deploy(q, nano33ble)
        run = emulate(q, nano33ble, input: test[0])
        export(q, "wand.tflite")
        assert accuracy(q, test) >= 0.9, "the int8 model should keep 90% accuracy"
        """
        let program = try Parser.parse(source)
        #expect(program.statements.count == 12)
        #expect(program.endsWithSemicolon == false)
    }
}
