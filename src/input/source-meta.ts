/** Where in a bundle a source came from: the layout that recognised it and the pod/container it belongs to. */

export type LayoutName = 'must-gather' | 'cluster-info-dump' | 'kind-export' | 'pod-logs' | 'plain';

export interface SourceMeta {
  layout: LayoutName;
  namespace?: string;
  pod?: string;
  container?: string;
  /** True for the log of a previous (terminated, often crashed) container instance; absent when unknown. */
  previous?: boolean;
  /** kubelet's restart count from `<N>.log` (/var/log/pods layouts). */
  restart?: number;
  /** Node the file was collected from (kind export, node directories). */
  node?: string;
  /** systemd unit of a journal export (`kubelet`, `crio`, …). */
  unit?: string;
}
