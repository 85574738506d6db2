/// A speech-like segment of a synthetic word: how long it lasts, where its formants sit, how
/// much of it is voiced and how much is noise.
struct Phoneme: Sendable {
    /// Seconds at a normal pace.
    let duration: Double
    /// F1, F2, F3 in Hz for voiced sounds; `nil` takes the neighbour's (stops, fricatives).
    let formants: (Double, Double, Double)?
    /// Loudness of the glottal pulses (0 for voiceless sounds).
    let voicing: Double
    /// Loudness of the noise source (0 for pure voicing).
    let frication: Double
    /// The band of the noise: centre and width in Hz.
    let noiseBand: (centre: Double, width: Double)

    private static func vowel(_ f1: Double, _ f2: Double, _ f3: Double, _ duration: Double = 0.13) -> Phoneme {
        Phoneme(duration: duration, formants: (f1, f2, f3), voicing: 1, frication: 0, noiseBand: (1000, 500))
    }

    private static func fricative(_ centre: Double, _ width: Double, loudness: Double, voiced: Bool = false) -> Phoneme {
        Phoneme(duration: 0.1, formants: nil, voicing: voiced ? 0.4 : 0, frication: loudness, noiseBand: (centre, width))
    }

    private static let closure = Phoneme(duration: 0.05, formants: nil, voicing: 0, frication: 0, noiseBand: (1000, 500))

    private static func burst(_ centre: Double, voiced: Bool) -> Phoneme {
        Phoneme(duration: 0.02, formants: nil, voicing: voiced ? 0.3 : 0, frication: 1, noiseBand: (centre, centre * 0.6))
    }

    /// The segments of a word, letter by letter, after a few English digraphs ("sh", "ch", "th",
    /// "ng", "ee", "oo"). Letters without a sound (digits, punctuation) are skipped; a word with
    /// no sound at all becomes a vowel chosen from its spelling, so every word is audible.
    static func spell(_ word: String) -> [Phoneme] {
        let letters = Array(word.lowercased())
        var result = [Phoneme]()
        var index = 0
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        while index < letters.count {
            let letter = letters[index]
            let next = index + 1 < letters.count ? letters[index + 1] : nil
            let pair = next.map { String([letter, $0]) } ?? ""
            switch pair {
            case "sh", "ch": result.append(fricative(3200, 2400, loudness: 0.9)); index += 2; continue
            case "th": result.append(fricative(4500, 5000, loudness: 0.35)); index += 2; continue
            case "ng": result.append(Phoneme(duration: 0.08, formants: (250, 2000, 2800), voicing: 0.5, frication: 0,
                                             noiseBand: (1000, 500))); index += 2; continue
            case "ee": result.append(vowel(270, 2290, 3010, 0.18)); index += 2; continue
            case "oo": result.append(vowel(300, 870, 2240, 0.18)); index += 2; continue
            default: break
            }
            switch letter {
            case "a": result.append(vowel(730, 1090, 2440))
            case "e": result.append(vowel(530, 1840, 2480))
            case "i": result.append(vowel(270, 2290, 3010))
            case "o": result.append(vowel(570, 840, 2410, 0.15))
            case "u": result.append(vowel(300, 870, 2240))
            case "y":
                // A glide before a vowel ("yes"), a vowel otherwise ("happy").
                if let next, vowels.contains(next) {
                    result.append(vowel(280, 2250, 2950, 0.05))
                } else {
                    result.append(vowel(300, 2200, 2950))
                }
            case "w": result.append(vowel(300, 700, 2200, 0.05))
            case "l": result.append(vowel(360, 1300, 2800, 0.06))
            case "r": result.append(vowel(460, 1190, 1590, 0.07))
            case "m": result.append(Phoneme(duration: 0.07, formants: (250, 1000, 2200), voicing: 0.5, frication: 0,
                                            noiseBand: (1000, 500)))
            case "n": result.append(Phoneme(duration: 0.07, formants: (250, 1500, 2500), voicing: 0.5, frication: 0,
                                            noiseBand: (1000, 500)))
            case "s": result.append(fricative(5500, 3000, loudness: 0.8))
            case "z": result.append(fricative(5500, 3000, loudness: 0.6, voiced: true))
            case "f": result.append(fricative(4000, 5000, loudness: 0.3))
            case "v": result.append(fricative(4000, 5000, loudness: 0.25, voiced: true))
            case "h": result.append(Phoneme(duration: 0.06, formants: nil, voicing: 0, frication: 0.4, noiseBand: (1500, 2000)))
            case "j": result.append(contentsOf: [closure, fricative(3000, 2000, loudness: 0.7, voiced: true)])
            case "p": result.append(contentsOf: [closure, burst(900, voiced: false)])
            case "b": result.append(contentsOf: [closure, burst(900, voiced: true)])
            case "t": result.append(contentsOf: [closure, burst(4500, voiced: false)])
            case "d": result.append(contentsOf: [closure, burst(4500, voiced: true)])
            case "k", "c", "q": result.append(contentsOf: [closure, burst(2200, voiced: false)])
            case "g": result.append(contentsOf: [closure, burst(2200, voiced: true)])
            case "x": result.append(contentsOf: [closure, burst(2200, voiced: false), fricative(5500, 3000, loudness: 0.8)])
            default: break
            }
            index += 1
        }
        if !result.contains(where: { $0.voicing > 0 || $0.frication > 0 }) {
            let hash = Synthetic.hash(word)
            let f1 = 250 + Double(hash % 500), f2 = 800 + Double((hash >> 16) % 1500)
            result.append(vowel(f1, f2, 2600, 0.25))
        }
        return result
    }

    /// Words for the "unknown" class: the Speech Commands vocabulary.
    static let vocabulary = ["up", "down", "left", "right", "on", "off", "stop", "go", "yes", "no", "zero", "one",
                             "two", "three", "four", "five", "six", "seven", "eight", "nine", "bed", "bird", "cat",
                             "dog", "happy", "house", "marvin", "sheila", "tree", "wow", "learn", "follow", "forward",
                             "backward", "visual"]
}
