package dev.tierpack.core.tier;

/**
 * The kinds of request a tier makes, each in the pricing {@link Group} object stores bill it under
 * (S3: PUT, COPY, POST and LIST are one price; GET and HEAD another; DELETE and aborts are free).
 */
public enum RequestKind {
    /** Single-request upload (PutObject). */
    PUT(Group.PUT_CLASS),
    /** CreateMultipartUpload. */
    INITIATE_MULTIPART(Group.PUT_CLASS),
    /** UploadPart. */
    UPLOAD_PART(Group.PUT_CLASS),
    /** CompleteMultipartUpload. */
    COMPLETE_MULTIPART(Group.PUT_CLASS),
    /** AbortMultipartUpload. */
    ABORT_MULTIPART(Group.DELETE),
    /** GetObject of a whole object. */
    GET(Group.GET_CLASS),
    /** GetObject with a Range. */
    GET_RANGE(Group.GET_CLASS),
    /** HeadObject. */
    HEAD(Group.HEAD),
    /** ListObjectsV2 (one page). */
    LIST(Group.LIST),
    /** DeleteObject. */
    DELETE(Group.DELETE);

    /** Pricing groups. */
    public enum Group { PUT_CLASS, GET_CLASS, HEAD, LIST, DELETE }

    private final Group group;

    RequestKind(Group group) {
        this.group = group;
    }

    public Group group() {
        return group;
    }
}
