struct BlockNestedImagesError: Error {
    let reason: String
}
