/// The files that turn a directory of the repository into an image serving it: a Caddyfile (read-only in
/// the image) and a Dockerfile copying the directory next to it. The same text as ZaneOps generates.
public enum StaticSiteFiles {
    public static let siteRoot = "/var/www/html"

    public static func caddyfile(_ options: StaticDirectoryOptions) -> String {
        var body = "\t# Set the root directory for static files\n\troot * {$PUBLIC_ROOT:\(siteRoot)}\n\tfile_server "
        if options.isSPA {
            body += "\n\n\t# Set the index page to redirect all requests to\n\ttry_files {path} \(options.indexPage)"
        } else if let notFound = options.notFoundPage {
            body +=
                "\n\n\t# Set the page to show in case of 404 error\n\thandle_errors {\n\t\t@404 {\n\t\t\texpression {http.error.status_code} == 404\n\t\t}\n\t\trewrite @404 \(notFound)\n\t\tfile_server\n\t}"
        }
        return "# this file is read-only\n:{$PORT:80} {\n\(body)\n}\n"
    }

    /// Builds from a context holding the published directory as `repo/` and the Caddyfile beside it. The
    /// command is spelled out: a base image built from a bare Caddy binary has no Caddyfile default.
    public static func dockerfile(baseImage: String) -> String {
        """

        # Webapp based on caddy
        FROM \(baseImage)

        WORKDIR \(siteRoot)

        ENV PUBLIC_ROOT=\(siteRoot)

        COPY ./repo/ \(siteRoot)/
        COPY ./Caddyfile /etc/caddy/Caddyfile

        CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]

        """
    }
}
