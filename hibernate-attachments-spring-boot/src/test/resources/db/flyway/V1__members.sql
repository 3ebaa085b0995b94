-- The application's own first migration: its table references the extension's attachment_blobs, which the
-- extension's migrations created just before.
create sequence members_seq start with 1 increment by 50;
create table members (
    id bigint not null,
    name varchar(255),
    photo_blob_id bigint,
    primary key (id)
);
create index ix_members_photo_blob_id on members (photo_blob_id);
alter table members add constraint fk_members_photo_blob_id foreign key (photo_blob_id) references attachment_blobs (id) on delete restrict;
create table Member_documents (
    documents_ORDER integer not null check (documents_ORDER >= 0),
    Member_id bigint not null,
    blob_id bigint,
    primary key (documents_ORDER, Member_id)
);
create index ix_member_documents_member_id on Member_documents (Member_id);
create index ix_member_documents_blob_id on Member_documents (blob_id);
alter table Member_documents add constraint fk_member_documents_member_id foreign key (Member_id) references members (id) on delete cascade;
alter table Member_documents add constraint fk_member_documents_blob_id foreign key (blob_id) references attachment_blobs (id) on delete restrict;
