-- The application's own schema, re-runnable, after the extension's (spring.sql.init.schema-locations).
create sequence if not exists members_seq start with 1 increment by 50;
create table if not exists members (
    id bigint not null,
    name varchar(255),
    photo_blob_id bigint,
    primary key (id),
    constraint fk_members_photo_blob_id foreign key (photo_blob_id) references attachment_blobs (id) on delete restrict
);
create index if not exists ix_members_photo_blob_id on members (photo_blob_id);
create table if not exists Member_documents (
    documents_ORDER integer not null check (documents_ORDER >= 0),
    Member_id bigint not null,
    blob_id bigint,
    primary key (documents_ORDER, Member_id),
    constraint fk_member_documents_member_id foreign key (Member_id) references members (id) on delete cascade,
    constraint fk_member_documents_blob_id foreign key (blob_id) references attachment_blobs (id) on delete restrict
);
create index if not exists ix_member_documents_member_id on Member_documents (Member_id);
create index if not exists ix_member_documents_blob_id on Member_documents (blob_id);
