/**
 * Ready-to-run refinement-tuning configs written beside an export: supervised fine-tuning of
 * a chat model on the exported file, full or LoRA, erroneous turns kept out of the loss by
 * the means each trainer supports (LLaMA-Factory: `mask_history`; axolotl: the per-message
 * `training` flag).
 */

export type Finetuning = 'lora' | 'full'

export interface TrainingConfigOptions {
  /** Hugging Face id or path of the chat model (default Qwen/Qwen2.5-7B-Instruct). */
  model?: string
  finetuning?: Finetuning
  /** LLaMA-Factory chat template name (default `qwen`). */
  template?: string
}

const DEFAULT_MODEL = 'Qwen/Qwen2.5-7B-Instruct'

/** LLaMA-Factory `llamafactory-cli train` YAML for a sharegpt export registered as `dataset`. */
export function llamaFactoryConfig(dataset: string, options: TrainingConfigOptions = {}): string {
  const lora = (options.finetuning ?? 'lora') === 'lora'
  return [
    '# Refinement tuning with LLaMA-Factory: llamafactory-cli train llamafactory_sft.yaml',
    '# Each example trains its last assistant turn only (mask_history), so erroneous turns,',
    '# which appear only inside histories, carry no loss.',
    '### model',
    `model_name_or_path: ${options.model ?? DEFAULT_MODEL}`,
    '### method',
    'stage: sft',
    'do_train: true',
    `finetuning_type: ${lora ? 'lora' : 'full'}`,
    ...(lora ? ['lora_target: all', 'lora_rank: 16', 'lora_alpha: 32', 'lora_dropout: 0.05'] : []),
    '### dataset',
    `dataset: ${dataset}`,
    'dataset_dir: .',
    `template: ${options.template ?? 'qwen'}`,
    'cutoff_len: 8192',
    'mask_history: true',
    'train_on_prompt: false',
    'preprocessing_num_workers: 8',
    '### output',
    `output_dir: saves/${dataset}-${lora ? 'lora' : 'full'}-sft`,
    'logging_steps: 10',
    'save_steps: 500',
    'plot_loss: true',
    'overwrite_output_dir: true',
    '### train',
    'per_device_train_batch_size: 1',
    'gradient_accumulation_steps: 8',
    `learning_rate: ${lora ? '1.0e-4' : '1.0e-5'}`,
    'num_train_epochs: 3.0',
    'lr_scheduler_type: cosine',
    'warmup_ratio: 0.1',
    'bf16: true',
    '',
  ].join('\n')
}

/** axolotl YAML for a `chat_template` export at `dataPath` (relative to the config). */
export function axolotlConfig(dataPath: string, options: TrainingConfigOptions = {}): string {
  const lora = (options.finetuning ?? 'lora') === 'lora'
  return [
    '# Refinement tuning with axolotl: axolotl train axolotl_sft.yaml',
    '# The per-message `training` flag keeps erroneous assistant turns out of the loss.',
    `base_model: ${options.model ?? DEFAULT_MODEL}`,
    'chat_template: tokenizer_default',
    'datasets:',
    `  - path: ${dataPath}`,
    '    ds_type: json',
    '    type: chat_template',
    '    field_messages: messages',
    '    message_property_mappings:',
    '      role: role',
    '      content: content',
    '    roles_to_train: ["assistant"]',
    '    message_field_training: training',
    '    train_on_eos: turn',
    'dataset_prepared_path: last_run_prepared',
    'val_set_size: 0',
    `output_dir: ./outputs/refinery-${lora ? 'lora' : 'full'}-sft`,
    'sequence_len: 8192',
    'sample_packing: false',
    ...(lora
      ? [
          'adapter: lora',
          'lora_r: 16',
          'lora_alpha: 32',
          'lora_dropout: 0.05',
          'lora_target_linear: true',
        ]
      : []),
    'gradient_accumulation_steps: 8',
    'micro_batch_size: 1',
    'num_epochs: 3',
    'optimizer: adamw_torch',
    'lr_scheduler: cosine',
    `learning_rate: ${lora ? '1e-4' : '1e-5'}`,
    'warmup_ratio: 0.1',
    'bf16: auto',
    'gradient_checkpointing: true',
    'logging_steps: 10',
    'saves_per_epoch: 1',
    '',
  ].join('\n')
}
