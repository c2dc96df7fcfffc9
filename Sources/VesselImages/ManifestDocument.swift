/// What a manifest-position blob turned out to be.
enum ManifestDocument {
    case index(ImageIndex)
    case manifest(ImageManifest)
}
