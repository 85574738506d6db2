import Testing
import TensorEngine

@Suite("Text rendering")
struct FormattingTests {
    @Test func numbersUseSixSignificantDigitsWithoutTrailingZeros() {
        #expect(Tensor.formatNumber(3) == "3")
        #expect(Tensor.formatNumber(-2) == "-2")
        #expect(Tensor.formatNumber(0.5) == "0.5")
        #expect(Tensor.formatNumber(0.1) == "0.1")
        #expect(Tensor.formatNumber(1.0 / 3.0) == "0.333333")
        #expect(Tensor.formatNumber(123_456) == "123456")
        #expect(Tensor.formatNumber(1_234_567) == "1.23457e+06")
        #expect(Tensor.formatNumber(1e-5) == "1e-05")
        #expect(Tensor.formatNumber(.nan) == "nan")
        #expect(Tensor.formatNumber(.infinity) == "inf")
        #expect(Tensor.formatNumber(-.infinity) == "-inf")
    }

    @Test func rankZeroPrintsTheNumber() {
        #expect(Tensor(scalar: 3).formatted() == "3")
        #expect(Tensor(scalar: -0.25).formatted() == "-0.25")
    }

    @Test func smallTensorsPrintInFull() {
        #expect(Tensor([1, 2, 3]).formatted() == "[1, 2, 3]")
        #expect(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).formatted() == "[[1, 2],\n [3, 4]]")
        #expect(Tensor([1.5, -2, 10]).formatted() == "[1.5,  -2,  10]")
        #expect(Tensor([.nan, .infinity, -.infinity, 1]).formatted() == "[ nan,  inf, -inf,    1]")
        #expect(Tensor(shape: [2, 2, 2], scalars: (0..<8).map { Float($0) }).formatted() == """
        [[[0, 1],
          [2, 3]],

         [[4, 5],
          [6, 7]]]
        """)
    }

    @Test func emptyAxesPrintEmptyBrackets() {
        #expect(Tensor([]).formatted() == "[]")
        #expect(Tensor.zeros([2, 0]).formatted() == "[[],\n []]")
        #expect(Tensor.zeros([0, 3]).formatted() == "[]")
    }

    @Test func longTensorsAreSummarisedLikeNumpy() {
        let ramp = Tensor((0...1000).map { Float($0) })
        #expect(ramp.formatted() == "[   0,    1,    2, ...,  998,  999, 1000]")
        let rows = Tensor(shape: [2, 1000], scalars: (0..<2000).map { Float($0) })
        #expect(rows.formatted() == "[[   0,    1,    2, ...,  997,  998,  999],\n [1000, 1001, 1002, ..., 1997, 1998, 1999]]")
        let square = Tensor(shape: [10, 10], scalars: (0..<100).map { Float($0) })
        #expect(square.formatted(maxElements: 50) == """
        [[ 0,  1,  2, ...,  7,  8,  9],
         [10, 11, 12, ..., 17, 18, 19],
         [20, 21, 22, ..., 27, 28, 29],
         ...,
         [70, 71, 72, ..., 77, 78, 79],
         [80, 81, 82, ..., 87, 88, 89],
         [90, 91, 92, ..., 97, 98, 99]]
        """)
        #expect(square.formatted(maxElements: 100) == square.formatted(maxElements: 1000))
        let cube = Tensor(shape: [7, 7, 2], scalars: (0..<98).map { Float($0) })
        #expect(cube.formatted(maxElements: 20) == """
        [[[ 0,  1],
          [ 2,  3],
          [ 4,  5],
          ...,
          [ 8,  9],
          [10, 11],
          [12, 13]],

         [[14, 15],
          [16, 17],
          [18, 19],
          ...,
          [22, 23],
          [24, 25],
          [26, 27]],

         [[28, 29],
          [30, 31],
          [32, 33],
          ...,
          [36, 37],
          [38, 39],
          [40, 41]],

         ...,

         [[56, 57],
          [58, 59],
          [60, 61],
          ...,
          [64, 65],
          [66, 67],
          [68, 69]],

         [[70, 71],
          [72, 73],
          [74, 75],
          ...,
          [78, 79],
          [80, 81],
          [82, 83]],

         [[84, 85],
          [86, 87],
          [88, 89],
          ...,
          [92, 93],
          [94, 95],
          [96, 97]]]
        """)
    }

    @Test func longRowsWrapAtSeventyFiveColumns() {
        let ramp = Tensor((0..<30).map { Float($0) })
        let lines = ramp.formatted().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("[ 0,  1,  2,"))
        #expect(lines[0].hasSuffix(" 17,"))
        #expect(lines[1] == " 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]")
        let noise = Tensor.randn([4, 50], seed: 0).formatted()
        #expect(noise.split(separator: "\n").allSatisfy { $0.count <= 75 })
    }

    @Test func descriptionWrapsTheBodyAndNamesTheShape() {
        let matrix = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        #expect(matrix.description == "tensor([[1, 2],\n        [3, 4]], shape: [2, 2])")
        #expect(Tensor(scalar: 2).description == "tensor(2, shape: [])")
        #expect(Tensor([0.5]).description == "tensor([0.5], shape: [1])")
    }
}
