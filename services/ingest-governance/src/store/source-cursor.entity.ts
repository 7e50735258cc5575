import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far a source was read, per scope (a Snapshot space, a forum): opaque to the store. */
@Entity({ name: 'source_cursors' })
export class SourceCursorEntity {
  @PrimaryColumn({ type: 'text' })
  source!: string;

  @PrimaryColumn({ type: 'text' })
  scope!: string;

  @Column({ type: 'text' })
  cursor!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
