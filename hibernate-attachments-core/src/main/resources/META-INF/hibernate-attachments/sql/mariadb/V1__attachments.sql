-- hibernate-attachments: the extension's own schema, for MariaDB (10.6 and later) and MySQL 8.
--
-- For applications that manage their schema with Flyway, Liquibase or plain SQL instead of hbm2ddl.
-- The statements below create exactly what hbm2ddl creates for the extension's own objects (same names,
-- column types, lengths, nullability, constraints and indexes); MigrationScriptsIT in
-- hibernate-attachments-test checks that they do, and that the TEMPLATE at the end does too.
-- Default names are assumed: if you changed them through settings or mapping overrides, change them here.
-- Tables use InnoDB: the only MariaDB engine that enforces foreign keys.

create sequence attachment_blobs_seq start with 1 increment by 50 nocache;

create sequence attachment_purges_seq start with 1 increment by 50 nocache;

-- One row per stored file. Rows are immutable; owners reference them with ON DELETE RESTRICT foreign keys.
create table attachment_blobs (
    byte_size bigint not null,
    created_at datetime(6) not null,
    id bigint not null,
    checksum varchar(64) not null,
    service_name varchar(64) not null,
    storage_key varchar(128) not null,
    metadata varchar(4000),
    content_type varchar(255) not null,
    filename varchar(255) not null,
    primary key (id)
) engine=InnoDB;

-- The outbox: files to delete from storage once due_at has passed (purges and uncommitted uploads).
create table attachment_purges (
    attempts integer not null,
    due_at datetime(6) not null,
    id bigint not null,
    service_name varchar(64) not null,
    storage_key varchar(128) not null,
    last_error varchar(1000),
    reason enum ('PURGE','UPLOAD') not null,
    primary key (id)
) engine=InnoDB;

create index ix_attachment_blobs_created_at on attachment_blobs (created_at);

alter table attachment_blobs add constraint uk_attachment_blobs_key unique (storage_key);

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
-- Every foreign key names its ON DELETE action and its column leads an index of its own. InnoDB would
-- create an index for a foreign key column that has none, under the constraint's name; creating it first,
-- with the name hbm2ddl gives it, keeps both schemas identical.
--
-- A single attachment: a nullable column on the owner's table.
--
-- BEGIN TEMPLATE single
-- alter table <owner> add column <attr>_blob_id bigint;
-- create index ix_<owner>_<attr>_blob_id on <owner> (<attr>_blob_id);
-- alter table <owner> add constraint fk_<owner>_<attr>_blob_id foreign key (<attr>_blob_id) references attachment_blobs (id) on delete restrict;
-- END TEMPLATE single
--
-- An attachment list: a table of its own. Deleting the owner row deletes its list rows (cascade); a blob
-- row cannot be deleted while a list row references it (restrict).
--
-- BEGIN TEMPLATE list
-- create table <list_table> (
--     <order> integer not null check ((<order>>=0)),
--     <owner_key> bigint not null,
--     blob_id bigint,
--     primary key (<order>, <owner_key>)
-- ) engine=InnoDB;
-- create index ix_<list_table>_<owner_key> on <list_table> (<owner_key>);
-- create index ix_<list_table>_blob_id on <list_table> (blob_id);
-- alter table <list_table> add constraint fk_<list_table>_<owner_key> foreign key (<owner_key>) references <owner> (id) on delete cascade;
-- alter table <list_table> add constraint fk_<list_table>_blob_id foreign key (blob_id) references attachment_blobs (id) on delete restrict;
-- END TEMPLATE list
--
-- On a big table, MariaDB adds the column and the index online (ALGORITHM=INPLACE, LOCK=NONE) but checks
-- the existing rows of a new foreign key while holding a lock: add the key in a quiet hour, or first with
-- SET foreign_key_checks = 0 (the key then applies to new writes only) once you have verified the column.
