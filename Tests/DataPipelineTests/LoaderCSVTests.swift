import DataPipeline
import Foundation
import Testing

@Suite struct LoaderCSVTests {
    @Test func rowsBecomeSamplesWithNamedChannelsAndSortedClasses() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("rows.csv", "a, b ,label\n1,2,cat\n3,4.5,dog\r\n\n-1e2,0,cat\n")
        let data = try Dataset.csv(at: file, label: "label", window: nil, stride: nil)
        #expect(data.samples.shape == [3, 2])
        #expect(data.samples.scalars == [1, 2, 3, 4.5, -100, 0])
        #expect(data.channels == ["a", "b"])
        #expect(data.classNames == ["cat", "dog"])
        #expect(data.classIndices == [0, 1, 0])
        #expect(data.rate == nil)
    }

    @Test func numericLabelsSortNumerically() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("n.csv", "x,y\n1,10\n2,2\n3,10\n4,1\n")
        let data = try Dataset.csv(at: file, label: "y", window: nil, stride: nil)
        #expect(data.classNames == ["1", "2", "10"])
        #expect(data.classIndices == [2, 1, 2, 0])
    }

    @Test func quotedCellsKeepCommas() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("q.csv", "\"x\",label\n1,\"left, up\"\n2,\"say \"\"hi\"\"\"\n")
        let data = try Dataset.csv(at: file, label: "label", window: nil, stride: nil)
        #expect(data.classNames == ["left, up", "say \"hi\""])
        #expect(data.channels == ["x"])
    }

    @Test func withoutLabelEverySampleIsUnlabelled() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("u.csv", "x,y\n1,2\n3,4\n")
        let data = try Dataset.csv(at: file, label: nil, window: nil, stride: nil)
        #expect(data.classNames == [Dataset.unlabelledClass])
        #expect(data.classIndices == [0, 0])
    }

    @Test func slidingWindowsSkipMixedLabelsAndMeasureRate() throws {
        let folder = try TemporaryFolder()
        var text = "timestamp_ms,ax,ay,label\n"
        for row in 0..<10 { text += "\(row * 20),\(row),\(-row),\(row < 6 ? "idle" : "wave")\n" }
        let file = try folder.write("series.csv", text)
        let report = try Dataset.csvReport(at: file, label: "label", window: 4, stride: 2)
        let data = report.dataset
        // Windows start at rows 0, 2, 4, 6; the one at 4 spans rows 4–7 and mixes idle and wave.
        #expect(report.skippedWindows == 1)
        #expect(data.samples.shape == [3, 4, 2])
        #expect(data.classNames == ["idle", "wave"])
        #expect(data.classIndices == [0, 0, 1])
        #expect(Array(data.samples.scalars[0..<8]) == [0, 0, 1, -1, 2, -2, 3, -3])
        #expect(Array(data.samples.scalars[16..<18]) == [6, -6])
        #expect(data.channels == ["ax", "ay"])
        #expect(abs(data.rate! - 50) < 1e-9)
    }

    @Test func strideDefaultsToWindowAndTimeInSeconds() throws {
        let folder = try TemporaryFolder()
        var text = "time,v\n"
        for row in 0..<7 { text += "\(Double(row) * 0.01),\(row)\n" }
        let data = try Dataset.csv(at: folder.write("s.csv", text), label: nil, window: 3, stride: nil)
        #expect(data.samples.shape == [2, 3, 1])
        #expect(data.samples.scalars == [0, 1, 2, 3, 4, 5])
        #expect(abs(data.rate! - 100) < 1e-6)
    }

    @Test func malformedFilesNameTheFileAndFault() throws {
        let folder = try TemporaryFolder()
        let empty = try folder.write("empty.csv", "")
        expectLoadError("empty.csv", "empty") { () throws(LoadError) in _ = try Dataset.csv(at: empty, label: nil, window: nil, stride: nil) }
        let headerOnly = try folder.write("header.csv", "a,b\n")
        expectLoadError("header.csv", "no data rows") { () throws(LoadError) in _ = try Dataset.csv(at: headerOnly, label: nil, window: nil, stride: nil) }
        let ragged = try folder.write("ragged.csv", "a,b\n1,2\n3\n")
        expectLoadError("ragged.csv", "line 3 has 1 cells but the header has 2") { () throws(LoadError) in
            _ = try Dataset.csv(at: ragged, label: nil, window: nil, stride: nil)
        }
        let text = try folder.write("text.csv", "a,b\n1,2\n3,x\n")
        expectLoadError("text.csv", "line 3, column \"b\": \"x\" is not a number") { () throws(LoadError) in
            _ = try Dataset.csv(at: text, label: nil, window: nil, stride: nil)
        }
        let good = try folder.write("good.csv", "a,b\n1,2\n3,4\n")
        expectLoadError("good.csv", "no label column \"class\"; the columns are a, b") { () throws(LoadError) in
            _ = try Dataset.csv(at: good, label: "class", window: nil, stride: nil)
        }
        expectLoadError("good.csv", "longer than the 2 rows") { () throws(LoadError) in
            _ = try Dataset.csv(at: good, label: nil, window: 3, stride: nil)
        }
        expectLoadError("good.csv", "stride must be at least 1") { () throws(LoadError) in
            _ = try Dataset.csv(at: good, label: nil, window: 1, stride: 0)
        }
        expectLoadError("missing.csv", "no such file") { () throws(LoadError) in
            _ = try Dataset.csv(at: folder.url.appendingPathComponent("missing.csv"), label: nil, window: nil, stride: nil)
        }
        let quote = try folder.write("quote.csv", "a\n\"1\n")
        expectLoadError("quote.csv", "line 2 has an unclosed quote") { () throws(LoadError) in
            _ = try Dataset.csv(at: quote, label: nil, window: nil, stride: nil)
        }
        let mixed = try folder.write("mixed.csv", "v,label\n1,a\n2,b\n")
        expectLoadError("mixed.csv", "every window of 2 rows mixes labels") { () throws(LoadError) in
            _ = try Dataset.csv(at: mixed, label: "label", window: 2, stride: nil)
        }
    }
}
