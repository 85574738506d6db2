import Testing
@testable import TensorEngine

@Suite struct BroadcastingTests {
    @Test func sameShapeAndScalar() throws {
        let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        #expect(try a.combined(with: a, .add).scalars == [2, 4, 6, 8])
        #expect(try a.combined(with: Tensor(scalar: 10), .multiply).scalars == [10, 20, 30, 40])
        #expect(try Tensor(scalar: 1).combined(with: a, .subtract).scalars == [0, -1, -2, -3])
    }

    @Test func rowAgainstColumn() throws {
        let row = Tensor(shape: [1, 3], scalars: [1, 2, 3])
        let column = Tensor(shape: [2, 1], scalars: [10, 20])
        let sum = try row.combined(with: column, .add)
        #expect(sum.shape == [2, 3])
        #expect(sum.scalars == [11, 12, 13, 21, 22, 23])
    }

    @Test func threeDimensional() throws {
        let a = Tensor(shape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [4, 3], scalars: (0..<12).map(Float.init))
        let sum = try a.combined(with: b, .add)
        #expect(sum.shape == [2, 4, 3])
        #expect(sum.scalars[0..<3] == [1, 3, 5])
        #expect(sum.scalars[12..<15] == [4, 6, 8])
        #expect(sum.scalars[21..<24] == [13, 15, 17])
    }

    @Test func incompatibleShapesNameBoth() {
        let error = #expect(throws: TensorError.self) {
            try Tensor.zeros([2, 3]).combined(with: .zeros([4]), .add)
        }
        #expect(error?.description == "cannot add shapes [2, 3] and [4]")
    }

    @Test func powerMinimumMaximum() throws {
        let a = Tensor([1, 2, 3])
        #expect(try a.combined(with: Tensor(scalar: 2), .power).scalars == [1, 4, 9])
        #expect(try a.combined(with: Tensor([3, 2, 1]), .minimum).scalars == [1, 2, 1])
        #expect(try a.combined(with: Tensor([3, 2, 1]), .maximum).scalars == [3, 2, 3])
    }
}

@Suite struct MatmulTests {
    let m = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let n = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])

    @Test func matrixMatrix() throws {
        let product = try m.matmul(n)
        #expect(product.shape == [2, 2])
        #expect(product.scalars == [58, 64, 139, 154])
    }

    @Test func vectorCases() throws {
        let v = Tensor([1, 0, -1])
        #expect(try v.matmul(v) == Tensor(scalar: 2))
        #expect(try m.matmul(v) == Tensor([-2, -2]))
        #expect(try Tensor([1, 1]).matmul(m) == Tensor([5, 7, 9]))
    }

    @Test func batchedWithBroadcast() throws {
        let stack = try Tensor.stacked([m, m.map { $0 * 2 }])
        let product = try stack.matmul(n)
        #expect(product.shape == [2, 2, 2])
        #expect(product.scalars == [58, 64, 139, 154, 116, 128, 278, 308])
    }

    @Test func mismatchNamesShapes() {
        let error = #expect(throws: TensorError.self) { try m.matmul(m) }
        #expect(error?.description == "cannot multiply (@) matrices of shapes [2, 3] and [2, 3]")
    }
}

@Suite struct ReductionAndShapeTests {
    let t = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])

    @Test func reductions() throws {
        #expect(t.sum() == 21)
        #expect(try t.mean() == 3.5)
        #expect(try t.min() == 1)
        #expect(try t.max() == 6)
        #expect(try t.argmax() == 5)
        #expect(try t.sum(axis: 0) == Tensor([5, 7, 9]))
        #expect(try t.sum(axis: -1) == Tensor([9, 12]))
        #expect(try t.argmax(axis: 1) == Tensor([1, 2]))
        #expect(try t.mean(axis: 1) == Tensor([3, 4]))
        #expect(throws: TensorError.empty(operation: "mean")) { try Tensor([]).mean() }
        #expect(throws: TensorError.invalidAxis(axis: 2, rank: 2)) { try t.sum(axis: 2) }
    }

    @Test func reshape() throws {
        #expect(try t.reshaped([3, -1]).shape == [3, 2])
        #expect(throws: TensorError.invalidReshape(from: [2, 3], to: [4, -1])) { try t.reshaped([4, -1]) }
        #expect(throws: TensorError.invalidReshape(from: [2, 3], to: [-1, -1])) { try t.reshaped([-1, -1]) }
    }

    @Test func indexingAndSlicing() throws {
        #expect(try t.element(at: -1) == Tensor([4, 2, 6]))
        #expect(throws: TensorError.indexOutOfRange(index: 2, count: 2)) { try t.element(at: 2) }
        let v = Tensor([0, 1, 2, 3, 4])
        #expect(v.sliced(1, 3) == Tensor([1, 2]))
        #expect(v.sliced(-2, nil) == Tensor([3, 4]))
        #expect(v.sliced(nil, -3) == Tensor([0, 1]))
        #expect(v.sliced(4, 2).shape == [0])
        #expect(v.sliced(-100, 100) == v)
    }

    @Test func transposeStackConcat() throws {
        #expect(try t.transposed() == Tensor(shape: [3, 2], scalars: [1, 4, 5, 2, 3, 6]))
        #expect(try Tensor.concatenated([t, t], axis: 1).scalars == [1, 5, 3, 1, 5, 3, 4, 2, 6, 4, 2, 6])
        #expect(throws: TensorError.shapeMismatch(operation: "stack", lhs: [2], rhs: [3])) {
            try Tensor.stacked([Tensor([1, 2]), Tensor([1, 2, 3])])
        }
    }
}

@Suite struct FormattingTests {
    @Test func smallTensors() {
        #expect(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).formatted() == "[[1, 2],\n [3, 4]]")
        #expect(Tensor([0.5, -1.25, 10]).formatted() == "[  0.5, -1.25,    10]")
        #expect(Tensor(scalar: 3).formatted() == "3")
        #expect(Tensor([.nan, .infinity]).formatted() == "[nan, inf]")
        #expect(Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4]).formatted() == "[[[1, 2]],\n\n [[3, 4]]]")
    }

    @Test func summarisesLargeTensors() {
        let text = Tensor(shape: [2000], scalars: (0..<2000).map(Float.init)).formatted()
        #expect(text == "[   0,    1,    2, ..., 1997, 1998, 1999]")
    }

    @Test func numberFormat() {
        #expect(NumberFormat.string(3) == "3")
        #expect(NumberFormat.string(0.1 + 0.2) == "0.3")
        #expect(NumberFormat.string(1e-6) == "1e-06")
        #expect(NumberFormat.string(-2.5) == "-2.5")
    }
}

@Suite struct SeededGeneratorTests {
    @Test func splitMix64MatchesThePublishedSequence() {
        var mixer = SplitMix64(state: 0)
        #expect((0..<4).map { _ in mixer.next() } == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
    }

    @Test func xoshiro256StarStarMatchesTheReferenceFromState1234() {
        var generator = SeededGenerator(state: (1, 2, 3, 4))
        #expect((0..<6).map { _ in generator.next() }
            == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360, 607_988_272_756_665_600])
    }

    @Test func goldenFirstValuesForSeedZero() {
        var zero = SeededGenerator(seed: 0)
        #expect((0..<4).map { _ in zero.next() } == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C])
    }

    @Test func splitMixSeedsXoshiroDeterministically() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
    }

    @Test func normalMoments() {
        let sample = Tensor.randn([100_000], seed: 7)
        let mean = Double(try! sample.mean())
        let variance = sample.scalars.reduce(0.0) { $0 + Double($1) * Double($1) } / 100_000 - mean * mean
        #expect(abs(mean) < 0.02)
        #expect(abs(variance - 1) < 0.02)
        #expect(Tensor.randn([5], seed: 1) == Tensor.randn([5], seed: 1))
    }

    @Test func uniformAndShuffle() {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<1000 {
            let u = generator.nextUniform()
            #expect(u >= 0 && u < 1)
        }
        var items = Array(0..<10)
        generator.shuffle(&items)
        #expect(items.sorted() == Array(0..<10))
        #expect(items != Array(0..<10))
    }
}
