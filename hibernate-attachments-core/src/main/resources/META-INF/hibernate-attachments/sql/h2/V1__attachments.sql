-- hibernate-attachments: the extension's own schema, for H2 (2.x).
--
-- For applications that manage their schema with Flyway, Liquibase or plain SQL instead of hbm2ddl.
-- The statements below create exactly what hbm2ddl creates for the extension's own objects (same names,
-- column types, lengths, nullability, constraints and indexes); MigrationScriptsIT in
-- hibernate-attachments-test checks that they do, and that the TEMPLATE at the end does too.
-- Default names are assumed: if you changed them through settings or mapping overrides, change them here.

create sequence attachment_blobs_seq start with 1 increment by 50;

create sequence attachment_purges_seq start with 1 increment by 50;

-- One row per stored file. Rows are immutable; owners reference them with ON DELETE RESTRICT foreign keys.
create table attachment_blobs (
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

-- The outbox: files to delete from storage once due_at has passed (purges and uncommitted uploads).
-- On H2, Hibernate maps the enumerated reason to H2's native ENUM type.
create table attachment_purges (
    attempts integer not null,
    due_at timestamp(6) with time zone not null,
    id bigint not null,
    service_name varchar(64) not null,
    storage_key varchar(128) not null,
    last_error varchar(1000),
    reason enum ('PURGE','UPLOAD') not null,
    primary key (id)
);

create index ix_attachment_blobs_created_at on attachment_blobs (created_at);

create index ix_attachment_purges_due_at on attachment_purges (due_at);

create index ix_attachment_purges_key on attachment_purges (storage_key);

-- ---------------------------------------------------------------------------------------------------------
-- TEMPLATE: what to add for each entity that holds attachments. Copy the blocks you need into your own
-- migration, uncomment them and replace the placeholders:
--
--   <owner>       the owner entity's table, e.g. users
--   <attr>        a single attachment attribute (@Attached Attachment avatar), e.g. avatar
--   <list_table>  the collection table of an attachment list (@Attached @ElementCollection @OrderColumn
--                 List<Attachment> photos); Hibernate's default name is <EntityName>_<attribute>, e.g.
--                 User_photos, or the name given by @CollectionTable
--   <owner_key>   the column of <list_table> that references the owner; default <EntityName>_<id column>,
--                 e.g. User_id. Its type must be the type of <owner>'s primary key (bigint here)
--   <order>       the @OrderColumn of the list; default <attribute>_ORDER, e.g. photos_ORDER
--
-- Foreign key and index names are fk_<table>_<column> and ix_<table>_<column> in lower case. A name longer
-- than 60 characters is shortened by Hibernate to its first 51 characters, '_' and the 8 hex digits of the
-- CRC32 of the full name: take such names from hbm2ddl's own output (hibernate.hbm2ddl.auto / the
-- jakarta.persistence.schema-generation.scripts.* properties) so that schema validation finds them.
--
-- Every foreign key names its ON DELETE action and every foreign key column leads an index. Create the
-- indexes before the foreign keys: H2 then uses them for the constraints instead of adding indexes of its own.
--
-- A single attachment: a nullable column on the owner's table.
--
-- BEGIN TEMPLATE single
-- alter table <owner> add column <attr>_blob_id bigint;
-- create index ix_<owner>_<attr>_blob_id on <owner> (<attr>_blob_id);
-- alter table <owner> add constraint fk_<owner>_<attr>_blob_id foreign key (<attr>_blob_id) references attachment_blobs on delete restrict;
-- END TEMPLATE single
--
-- An attachment list: a table of its own. Deleting the owner row deletes its list rows (cascade); a blob
-- row cannot be deleted while a list row references it (restrict). Both foreign keys have an index of
-- their own: hbm2ddl orders the primary key (<order>, <owner_key>) by default, so the key does not index
-- <owner_key>, and cascades and list loads would scan the table without ix_<list_table>_<owner_key>.
--
-- BEGIN TEMPLATE list
-- create table <list_table> (
--     <order> integer not null check (<order> >= 0),
--     <owner_key> bigint not null,
--     blob_id bigint,
--     primary key (<order>, <owner_key>)
-- );
-- create index ix_<list_table>_<owner_key> on <list_table> (<owner_key>);
-- create index ix_<list_table>_blob_id on <list_table> (blob_id);
-- alter table <list_table> add constraint fk_<list_table>_<owner_key> foreign key (<owner_key>) references <owner> on delete cascade;
-- alter table <list_table> add constraint fk_<list_table>_blob_id foreign key (blob_id) references attachment_blobs on delete restrict;
-- END TEMPLATE list
