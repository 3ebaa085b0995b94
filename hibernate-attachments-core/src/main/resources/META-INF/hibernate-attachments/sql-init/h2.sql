-- hibernate-attachments: the extension's own schema for H2, as a script that can run at every start
-- (Spring Boot's spring.sql.init, or any tool that runs plain SQL): every statement creates its object only if it
-- is missing. It creates what V1__attachments.sql and V2__detached_blobs.sql create (MigrationScriptsIT checks
-- it against hbm2ddl, twice in a row). It never alters an existing object: for later changes of the schema,
-- use the versioned scripts.

create sequence if not exists attachment_blobs_seq start with 1 increment by 50;

create sequence if not exists attachment_purges_seq start with 1 increment by 50;

create table if not exists attachment_blobs (
    byte_size bigint not null,
    created_at timestamp(6) with time zone not null,
    id bigint not null,
    checksum varchar(64) not null,
    service_name varchar(64) not null,
    storage_key varchar(128) not null,
    metadata varchar(4000),
    content_type varchar(255) not null,
    filename varchar(255) not null,
    primary key (id),
    constraint uk_attachment_blobs_key unique (storage_key)
);

create table if not exists attachment_purges (
    attempts integer not null,
    due_at timestamp(6) with time zone not null,
    id bigint not null,
    service_name varchar(64) not null,
    storage_key varchar(128) not null,
    last_error varchar(1000),
    reason enum ('PURGE','UPLOAD') not null,
    primary key (id)
);

create index if not exists ix_attachment_blobs_created_at on attachment_blobs (created_at);

create index if not exists ix_attachment_purges_due_at on attachment_purges (due_at);

create index if not exists ix_attachment_purges_key on attachment_purges (storage_key);

create table if not exists attachment_detached_blobs (
    blob_id bigint not null,
    detached_at timestamp(6) with time zone not null,
    primary key (blob_id),
    constraint fk_attachment_detached_blobs_blob_id foreign key (blob_id) references attachment_blobs on delete cascade
);
