// MoteSyntaxTests
