// RichDisplayTests
