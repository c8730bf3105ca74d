/// Random, readable slugs such as `bed-serious-rather`, at most 20 characters.
public enum SlugGenerator {
    static let words = [
        "amber", "apple", "bay", "bed", "birch", "blue", "brave", "brook", "calm", "cedar", "cloud", "coral",
        "crisp", "dawn", "deep", "dune", "east", "elm", "fair", "fern", "field", "fox", "frost", "glad", "glen",
        "gold", "green", "grove", "hill", "iron", "jade", "keen", "lake", "leaf", "lime", "lunar", "maple", "mild",
        "mint", "moss", "north", "oak", "ocean", "olive", "pine", "plain", "quiet", "rain", "rapid", "reed",
        "river", "rose", "rust", "sage", "sand", "silver", "sky", "snow", "solar", "south", "stone", "swift",
        "tide", "vale", "west", "wild", "wind", "wise", "wood", "zen",
    ]

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var slug = words.randomElement(using: &generator)!
        for _ in 0..<2 {
            let word = words.randomElement(using: &generator)!
            if slug.count + 1 + word.count > 20 { break }
            slug += "-" + word
        }
        return slug
    }
}
